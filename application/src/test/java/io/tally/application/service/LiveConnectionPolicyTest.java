package io.tally.application.service;

import io.tally.application.port.in.AdmitLiveConnectionsUseCase.Slot;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The two limits of live connections: the node's, for authenticated ones only, and each address's, for the others. */
class LiveConnectionPolicyTest {

    private final LiveConnectionPolicy policy = new LiveConnectionPolicy(new LiveConnectionPolicy.Settings(2, 2));

    private static InetAddress at(String address) {
        try {
            return InetAddress.getByName(address); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unauthenticated_connections_are_capped_per_address_and_never_counted_against_the_node() {
        Optional<Slot> a = policy.arrive(at("203.0.113.7"));
        Optional<Slot> b = policy.arrive(at("203.0.113.7"));
        assertThat(a).isPresent();
        assertThat(b).isPresent();
        assertThat(policy.arrive(at("203.0.113.7"))).as("a third from the same address").isEmpty();
        assertThat(policy.arrive(at("203.0.113.8"))).as("another address has its own places").isPresent();
        assertThat(policy.connections()).isZero();

        assertThat(policy.admit()).isPresent();
        assertThat(a.get().authenticated()).isTrue();
        assertThat(policy.connections()).isEqualTo(2);
        assertThat(b.get().authenticated()).as("the node's places are taken").isFalse();
        assertThat(policy.arrive(at("203.0.113.7"))).as("both gave the address's places back").isPresent();

        a.get().release();
        a.get().release();
        assertThat(policy.connections()).as("a place is given back once").isEqualTo(1);
    }

    @Test
    void an_ipv6_address_counts_by_its_64_bit_prefix() {
        assertThat(policy.arrive(at("2001:db8:1:2::1"))).isPresent();
        assertThat(policy.arrive(at("2001:db8:1:2:ffff::9"))).isPresent();
        assertThat(policy.arrive(at("2001:db8:1:2:abcd::3"))).as("the same /64").isEmpty();
        assertThat(policy.arrive(at("2001:db8:1:3::1"))).as("the next /64").isPresent();
        assertThat(policy.unauthenticated()).isEqualTo(3);
    }
}

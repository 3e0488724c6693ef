package io.tally.adapter.out.enrichment;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import io.tally.application.port.out.GeoLocator;
import io.tally.domain.event.Enrichment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/** Country (ISO code), region and city (English names) from a MaxMind GeoIP2 or GeoLite2 City database file. */
final class MaxMindGeoLocator implements GeoLocator, AutoCloseable {

    private final DatabaseReader reader;

    MaxMindGeoLocator(Path database) {
        try {
            this.reader = new DatabaseReader.Builder(database.toFile()).withCache(new CHMCache()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the GeoIP database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Enrichment.Location> locate(String ipAddress) {
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(ipAddress); // a literal only: never a DNS lookup
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            Optional<CityResponse> city = reader.tryCity(address);
            return city.map(r -> new Enrichment.Location(r.getCountry().getIsoCode(),
                    r.getMostSpecificSubdivision().getName(), r.getCity().getName()));
        } catch (IOException | GeoIp2Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

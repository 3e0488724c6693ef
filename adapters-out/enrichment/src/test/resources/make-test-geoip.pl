#!/usr/bin/perl
# Writes a tiny GeoIP2-City database for tests: two networks with known places.
# Needs Debian's libmaxmind-db-writer-perl (installed by .ci/run).
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my %types = (
    country => 'map', city => 'map', subdivisions => ['array', 'map'],
    names => 'map', en => 'utf8_string', iso_code => 'utf8_string', geoname_id => 'uint32',
);
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version => 6, record_size => 24, database_type => 'GeoIP2-City', languages => ['en'],
    description => { en => 'Tally test places' }, alias_ipv6_to_ipv4 => 1,
    map_key_type_callback => sub { $types{ $_[0] } },
);
$tree->insert_network('81.2.69.0/24', {
    country => { iso_code => 'GB', names => { en => 'United Kingdom' } },
    subdivisions => [ { iso_code => 'ENG', names => { en => 'England' } } ],
    city => { names => { en => 'London' } },
});
$tree->insert_network('2a02:8108::/32', {
    country => { iso_code => 'DE', names => { en => 'Germany' } },
    subdivisions => [ { iso_code => 'BE', names => { en => 'Berlin' } } ],
    city => { names => { en => 'Berlin' } },
});
open my $out, '>:raw', $ARGV[0] or die "cannot write $ARGV[0]: $!";
$tree->write_tree($out);
close $out;

package io.tally.adapter.out.clickhouse;

/** The agreement cases on the ClickHouse engine embedded in this process (chDB). */
class EmbeddedClickHouseAgreementTest extends ClickHouseAgreement {

    @Override
    protected ClickHouseStores open() {
        return ChdbLibrary.freshStores();
    }
}

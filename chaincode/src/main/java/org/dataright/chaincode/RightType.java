package org.dataright.chaincode;

/** The four rights of China's separation of data rights, and how each may move. */
enum RightType {
    /** Holding of the data resource: one holder, registered with the asset, transferred. */
    RESOURCE_HOLDING(false, true, null),
    /** Processing and use: never held as such; licensed by the resource holder to many licensees. */
    PROCESSING_USE(false, false, RESOURCE_HOLDING),
    /** Operating a data product: registered by the resource holder, then licensed or transferred. */
    PRODUCT_OPERATION(true, true, null),
    /** Intellectual property in the data collection: registered with its claim, transferred or licensed. */
    INTELLECTUAL_PROPERTY(true, true, null);

    private final boolean registrable;
    private final boolean transferable;
    private final RightType licensedFromOther;

    RightType(boolean registrable, boolean transferable, RightType licensedFromOther) {
        this.registrable = registrable;
        this.transferable = transferable;
        this.licensedFromOther = licensedFromOther;
    }

    /** Registered on an existing asset by its resource holder (RESOURCE_HOLDING comes with the asset). */
    boolean registrable() {
        return registrable;
    }

    boolean transferable() {
        return transferable;
    }

    boolean licensable() {
        return this != RESOURCE_HOLDING;
    }

    /** The held right whose holder grants licences of this type. */
    RightType licensor() {
        return licensedFromOther == null ? this : licensedFromOther;
    }
}

package dev.kfleet.desiredstate;

/**
 * A host's desired state version and its owner.
 *
 * @param version the version
 * @param owner who set it
 */
public record OwnedVersion(long version, DesiredStateOwner owner) {
}

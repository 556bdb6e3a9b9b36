package dev.kfleet.agent.server;

/**
 * The last report the service acknowledged.
 *
 * @param hash its {@code reportHash}, the hash of the JSON the service holds
 * @param contentHash its {@link ReportSnapshot#contentHash()}
 */
public record Acknowledged(String hash, String contentHash) {
}

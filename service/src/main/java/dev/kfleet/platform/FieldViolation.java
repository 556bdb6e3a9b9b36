package dev.kfleet.platform;

/**
 * One invalid field of a request: where it is (a JSON path such as {@code labels.env}, or
 * a query parameter name) and what is wrong with it.
 *
 * @param field the field or parameter
 * @param message what is wrong
 */
public record FieldViolation(String field, String message) {
}

package dev.kfleet.platform;

import java.io.DataInput;
import java.io.InputStream;
import java.io.Reader;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonParserDelegate;

/**
 * A JSON factory whose parsers refuse U+0000 in every string and member name they read:
 * the one place the rule is kept for every body the service reads with its mapper, bound
 * or read as a tree (ADR 0027). PostgreSQL cannot store U+0000 in text, and a request
 * that carries one is refused before anything is stored.
 */
final class NulRefusingJsonFactory extends JsonFactory {

	NulRefusingJsonFactory(JsonFactoryBuilder builder) {
		super(builder);
	}

	private NulRefusingJsonFactory(NulRefusingJsonFactory source) {
		super(source);
	}

	@Override
	public JsonFactory copy() {
		return new NulRefusingJsonFactory(this);
	}

	@Override
	protected JsonParser _createParser(ObjectReadContext context, IOContext io, InputStream in) {
		return new Parser(super._createParser(context, io, in));
	}

	@Override
	protected JsonParser _createParser(ObjectReadContext context, IOContext io, Reader reader) {
		return new Parser(super._createParser(context, io, reader));
	}

	@Override
	protected JsonParser _createParser(ObjectReadContext context, IOContext io, char[] data, int offset, int length,
			boolean recyclable) {
		return new Parser(super._createParser(context, io, data, offset, length, recyclable));
	}

	@Override
	protected JsonParser _createParser(ObjectReadContext context, IOContext io, byte[] data, int offset, int length) {
		return new Parser(super._createParser(context, io, data, offset, length));
	}

	@Override
	protected JsonParser _createParser(ObjectReadContext context, IOContext io, DataInput input) {
		return new Parser(super._createParser(context, io, input));
	}

	/** A string or member name held U+0000. */
	static final class NulCharacterException extends StreamReadException {

		NulCharacterException(JsonParser parser) {
			super(parser, "U+0000 (NUL) is not allowed in a string");
		}

	}

	/**
	 * Checks each member name and string value as the parser moves onto it, whichever
	 * method moved it.
	 */
	private static final class Parser extends JsonParserDelegate {

		Parser(JsonParser delegate) {
			super(delegate);
		}

		@Override
		public JsonToken nextToken() throws JacksonException {
			return checked(super.nextToken());
		}

		@Override
		public JsonToken nextValue() throws JacksonException {
			return checked(super.nextValue());
		}

		@Override
		public String nextName() throws JacksonException {
			String name = super.nextName();
			checked(currentToken());
			return name;
		}

		@Override
		public boolean nextName(SerializableString expected) throws JacksonException {
			boolean matches = super.nextName(expected);
			checked(currentToken());
			return matches;
		}

		@Override
		public int nextNameMatch(PropertyNameMatcher matcher) throws JacksonException {
			int match = super.nextNameMatch(matcher);
			checked(currentToken());
			return match;
		}

		private JsonToken checked(JsonToken token) {
			if (token == JsonToken.PROPERTY_NAME) {
				check(currentName());
			}
			else if (token == JsonToken.VALUE_STRING) {
				check(getString());
			}
			return token;
		}

		private void check(String text) {
			if (text != null && Text.containsNul(text)) {
				throw new NulCharacterException(this);
			}
		}

	}

}

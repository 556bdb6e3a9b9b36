package dev.kfleet.platform;

import java.time.Instant;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The service's JSON mapper reads bodies as strictly as the contract says (ADR 0027): a
 * member named twice, a number or boolean where a string belongs (and a string where a
 * number or boolean belongs), a fraction where an integer belongs, a number out of its
 * type's range, nesting deeper than {@value #MAX_NESTING_DEPTH} levels, U+0000 in a
 * string and an instant outside 1970–9999 are all refused, each naming the member.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	/** The deepest nesting of objects and arrays a body may have. */
	static final int MAX_NESTING_DEPTH = 32;

	/** The longest number (in characters) a body may have: enough for any int64. */
	static final int MAX_NUMBER_LENGTH = 64;

	/**
	 * Boot's mapper with every {@link JsonMapperBuilderCustomizer} applied, built on a
	 * factory whose parsers refuse U+0000 and deep nesting.
	 */
	@Bean
	JsonMapper jsonMapper(ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
		JsonMapper.Builder builder = JsonMapper.builder(factory());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/** Applied last, so that no property can loosen it. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	JsonMapperBuilderCustomizer strictJson() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
					// 1e400 is a number too big, not infinity
					DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Textual,
					(strings) -> strings.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.addModule(new SimpleModule("kfleet-instants").addDeserializer(Instant.class, new InstantDeserializer()));
	}

	static JsonFactory factory() {
		return new NulRefusingJsonFactory(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(MAX_NESTING_DEPTH)
				.maxNumberLength(MAX_NUMBER_LENGTH)
				.build()));
	}

	/** An instant is a string ({@link Instants#parse}), never a number. */
	static final class InstantDeserializer extends StdScalarDeserializer<Instant> {

		InstantDeserializer() {
			super(Instant.class);
		}

		@Override
		public Instant deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (Instant) context.handleUnexpectedToken(Instant.class, parser);
			}
			String text = parser.getString();
			try {
				return Instants.parse(text);
			}
			catch (IllegalArgumentException ex) {
				return (Instant) context.handleWeirdStringValue(Instant.class, text, Instants.RULE);
			}
		}

	}

}

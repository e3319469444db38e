package io.leadpipeline.router.allocation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.leadpipeline.router.notices.CorrectionRequest;
import io.leadpipeline.router.notices.SubjectErasure;
import io.leadpipeline.router.reoffer.LeadAnswer;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.SuppressionChange;
import io.leadpipeline.router.wire.JsonSerde;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the single allocation task reads: a screened enquiry, a suppression change, an erasure,
 * a partner's answer to a lead or a person's correction of their details.
 *
 * <p>On the allocation repartition topic each kind is an object with one field named after it
 * ({@code {"screening": {...}}}, {@code "change"}, {@code "erasure"}, {@code "answer"},
 * {@code "rectification"}): the shape
 * the previous version's record of four nullable fields wrote, so records left on the topic by it
 * still decode during a rolling upgrade (fixtures {@code allocation-repartition-*-v1} in {@code StoreFormatsTest}).
 */
@JsonSerialize(using = AllocationInput.Json.Writer.class)
@JsonDeserialize(using = AllocationInput.Json.Reader.class)
public sealed interface AllocationInput {
  /**
   * One method per kind: a new kind added to this interface fails to compile until every
   * handler handles it (exhaustive dispatch, without pattern matching for switch).
   */
  interface Cases<R> {
    R screened(Screening s);

    R change(SuppressionChange c);

    R erasure(SubjectErasure e);

    R answer(LeadAnswer a);

    R rectification(CorrectionRequest r);
  }

  <R> R match(Cases<R> cases);

  record Screened(Screening screening) implements AllocationInput {
    @Override
    public <R> R match(Cases<R> cases) {
      return cases.screened(screening);
    }
  }

  record Change(SuppressionChange change) implements AllocationInput {
    @Override
    public <R> R match(Cases<R> cases) {
      return cases.change(change);
    }
  }

  record Erasure(SubjectErasure erasure) implements AllocationInput {
    @Override
    public <R> R match(Cases<R> cases) {
      return cases.erasure(erasure);
    }
  }

  record Answer(LeadAnswer answer) implements AllocationInput {
    @Override
    public <R> R match(Cases<R> cases) {
      return cases.answer(answer);
    }
  }

  record Rectification(CorrectionRequest rectification) implements AllocationInput {
    @Override
    public <R> R match(Cases<R> cases) {
      return cases.rectification(rectification);
    }
  }

  /**
   * The allocation repartition topic's value format: the one-field objects above, as Smile. The
   * topology declares it; anything else that writes or reads the topic uses this one.
   */
  static Serde<AllocationInput> format() {
    return JsonSerde.of(AllocationInput.class);
  }

  static AllocationInput of(Screening s) {
    return new Screened(s);
  }

  static AllocationInput of(SuppressionChange c) {
    return new Change(c);
  }

  static AllocationInput of(SubjectErasure e) {
    return new Erasure(e);
  }

  static AllocationInput of(LeadAnswer a) {
    return new Answer(a);
  }

  static AllocationInput of(CorrectionRequest r) {
    return new Rectification(r);
  }

  /** The one-field object form. */
  final class Json {
    private Json() {}

    static final class Writer extends JsonSerializer<AllocationInput> {
      @Override
      public void serialize(AllocationInput in, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject();
        Map.Entry<String, Object> field = in.match(new Cases<Map.Entry<String, Object>>() {
          @Override
          public Map.Entry<String, Object> screened(Screening s) {
            return Map.entry("screening", s);
          }

          @Override
          public Map.Entry<String, Object> change(SuppressionChange c) {
            return Map.entry("change", c);
          }

          @Override
          public Map.Entry<String, Object> erasure(SubjectErasure e) {
            return Map.entry("erasure", e);
          }

          @Override
          public Map.Entry<String, Object> answer(LeadAnswer a) {
            return Map.entry("answer", a);
          }

          @Override
          public Map.Entry<String, Object> rectification(CorrectionRequest r) {
            return Map.entry("rectification", r);
          }
        });
        provider.defaultSerializeField(field.getKey(), field.getValue(), gen);
        gen.writeEndObject();
      }
    }

    static final class Reader extends JsonDeserializer<AllocationInput> {
      @Override
      public AllocationInput deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          return (AllocationInput) ctx.handleUnexpectedToken(AllocationInput.class, p);
        }
        AllocationInput found = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (value == JsonToken.VALUE_NULL) {
            continue; // an older writer may have written the empty fields
          }
          AllocationInput in = switch (name) {
            case "screening" -> new Screened(ctx.readValue(p, Screening.class));
            case "change" -> new Change(ctx.readValue(p, SuppressionChange.class));
            case "erasure" -> new Erasure(ctx.readValue(p, SubjectErasure.class));
            case "answer" -> new Answer(ctx.readValue(p, LeadAnswer.class));
            case "rectification" -> new Rectification(ctx.readValue(p, CorrectionRequest.class));
            default -> {
              p.skipChildren(); // a kind a newer version added is unknown here
              yield null;
            }
          };
          if (in != null) {
            if (found != null) {
              throw ctx.weirdStringException(name, AllocationInput.class, "more than one kind in one record");
            }
            found = in;
          }
        }
        if (found == null) {
          throw ctx.weirdStringException("{}", AllocationInput.class, "no known kind in the record");
        }
        return found;
      }
    }
  }
}

package io.leadpipeline.suppression.rectify;

import static io.javalin.http.HandlerType.POST;

import io.leadpipeline.identity.InvalidIdentifierException;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.suppression.api.ApiException;
import io.leadpipeline.suppression.api.Bodies;
import io.leadpipeline.suppression.api.Endpoints;
import io.leadpipeline.suppression.api.Reply;
import java.util.function.Consumer;

/**
 * {@code POST /v1/subjects/rectification} (dsar:rectify): the person is identified as for access
 * and erasure, by the email and/or phone they gave (keyed on arrival); {@code corrected} holds the
 * corrected contact details. Neither is logged. The preference page's form reaches the same
 * {@link Rectifications} with the page's token instead.
 */
public final class RectificationRoutes implements Consumer<Endpoints> {
  /** {@code {"email"?, "phone"?, "corrected": {"fullName"?, "company"?, "email"?, "phone"?}}} */
  public record RectificationBody(String email, String phone, Corrected corrected) {}

  /** The corrected fields as sent. */
  public record Corrected(String fullName, String company, String email, String phone) {}

  private final Rectifications rectifications;
  private final SubjectKeys keys;

  public RectificationRoutes(Rectifications rectifications, SubjectKeys keys) {
    this.rectifications = rectifications;
    this.keys = keys;
  }

  @Override
  public void accept(Endpoints e) {
    e.json(POST, "/v1/subjects/rectification", Scope.DSAR_RECTIFY, ctx -> {
      RectificationBody body = Bodies.json(ctx, RectificationBody.class);
      if (body.email() == null && body.phone() == null) {
        throw ApiException.badRequest("give the email, the phone, or both, that identify the person");
      }
      if (body.corrected() == null) {
        throw ApiException.badRequest("give corrected: the fields to correct");
      }
      Subject subject;
      try {
        subject = Subject.of(keys, body.email(), body.phone());
      } catch (InvalidIdentifierException ex) {
        throw ApiException.badRequest("the person's " + ex.getMessage());
      }
      Corrections c;
      try {
        Corrected v = body.corrected();
        c = RectificationRules.validate(v.fullName(), v.company(), v.email(), v.phone());
      } catch (RectificationRules.InvalidCorrection ex) {
        throw ApiException.badRequest("corrected." + ex.getMessage());
      }
      return Reply.ok(rectifications.rectify(subject, c, Endpoints.apiKey(ctx).id()));
    });
  }
}

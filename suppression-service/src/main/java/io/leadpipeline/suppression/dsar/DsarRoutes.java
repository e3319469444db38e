package io.leadpipeline.suppression.dsar;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.leadpipeline.identity.PhoneNumbers;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.suppression.api.ApiException;
import io.leadpipeline.suppression.api.Bodies;
import io.leadpipeline.suppression.api.Endpoints;
import io.leadpipeline.suppression.api.Reply;
import java.util.function.Consumer;

/**
 * {@code GET /v1/subjects/access-report?email=&phone=} (dsar:read) and
 * {@code POST /v1/subjects/erasure} (dsar:erase). The identifiers are keyed on arrival; neither
 * the query string nor the body is logged.
 */
public final class DsarRoutes implements Consumer<Endpoints> {
  /** {@code {"email"?, "phone"?}} */
  public record ErasureRequest(String email, String phone) {}

  private final AccessReports reports;
  private final Erasures erasures;
  private final SubjectKeys keys;

  public DsarRoutes(AccessReports reports, Erasures erasures, SubjectKeys keys) {
    this.reports = reports;
    this.erasures = erasures;
    this.keys = keys;
  }

  @Override
  public void accept(Endpoints e) {
    e.json(GET, "/v1/subjects/access-report", Scope.DSAR_READ, ctx -> {
      String email = ctx.queryParam("email");
      String phone = ctx.queryParam("phone");
      Subject subject = subject(email, phone);
      return Reply.ok(reports.report(subject, phone == null ? null : PhoneNumbers.toE164(phone)));
    });
    e.json(POST, "/v1/subjects/erasure", Scope.DSAR_ERASE, ctx -> {
      ErasureRequest r = Bodies.json(ctx, ErasureRequest.class);
      return Reply.ok(erasures.erase(subject(r.email(), r.phone()), Endpoints.apiKey(ctx).id()));
    });
  }

  private Subject subject(String email, String phone) {
    if (email == null && phone == null) {
      throw ApiException.badRequest("give an email, a phone, or both");
    }
    return Subject.of(keys, email, phone);
  }
}

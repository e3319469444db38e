package io.leadpipeline.gateway;

import io.leadpipeline.config.Settings;

/** Lets the integration tests call the redeliver command as operations would. */
public final class PartnerGatewayMainAccess {
  private PartnerGatewayMainAccess() {}

  public static int redeliver(Settings settings, String id, String partner) {
    return PartnerGatewayMain.redeliver(settings, id, partner);
  }
}

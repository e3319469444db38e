package io.leadpipeline.portal.web;

/** The one style sheet: served from a route so the pages' policy can forbid inline styles. */
final class Css {
  private Css() {}

  static final String TEXT =
      """
      *{box-sizing:border-box}
      body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;background:#fff;margin:0}
      header{background:#0b3d2e;color:#fff;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
      header a,header button.link{color:#fff}
      .brand{font-weight:700;margin:0}
      .who{margin:0 0 0 auto}
      nav{display:flex;gap:1rem;align-items:center}
      main{max-width:60rem;margin:0 auto;padding:1rem}
      a{color:#0645ad}
      a:focus,button:focus,input:focus,select:focus{outline:3px solid #ffbf47;outline-offset:2px}
      .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem}
      table{border-collapse:collapse;width:100%;margin:1rem 0}
      th,td{border-bottom:1px solid #bbb;padding:.4rem;text-align:left;vertical-align:top}
      caption{text-align:left;font-weight:600}
      label{display:block;margin-top:.75rem;font-weight:600}
      input,select{font:inherit;padding:.4rem;border:2px solid #333;max-width:100%}
      button{font:inherit;margin-top:.75rem;padding:.5rem 1rem;background:#0b3d2e;color:#fff;border:0;cursor:pointer}
      button.link{background:none;padding:0;margin:0;text-decoration:underline}
      form.inline{display:inline}
      fieldset{border:1px solid #888;margin:1rem 0;padding:1rem}
      .error{border-left:5px solid #b10e1e;padding:.5rem 1rem;background:#fde8ea}
      .saved,.notice{border-left:5px solid #0b6e3e;padding:.5rem 1rem;background:#e7f5ec}
      .permissions li{font-weight:600}
      .mono{font-family:ui-monospace,monospace;word-break:break-all;font-size:.85rem}
      .pending{font-weight:700}
      dt{font-weight:600}dd{margin:0 0 .5rem}
      label.inline-label{display:inline;margin:0 1rem 0 .25rem;font-weight:400}
      .days{margin:.75rem 0}
      .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
      textarea{width:100%;max-width:40rem;font:inherit}
      """;
}

// Starts Swagger UI on the document named by #swagger-ui[data-spec]. Served by the app (GET /api/docs?asset=docs.js),
// kept out of the page itself so the page's Content-Security-Policy needs no inline script.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec"),
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    requestSnippetsEnabled: true,
    persistAuthorization: false,
    // No call to the public validator service: the page talks to this app only.
    validatorUrl: null
  });
});

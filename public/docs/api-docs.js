// @ts-check
// Starts Swagger UI on the API's docs page (/api/docs) with the document the element names;
// a file of its own, so the page needs no inline script.
(function () {
  const el = document.getElementById("api-docs");
  if (!el) return;
  SwaggerUIBundle({
    url: el.dataset.spec,
    domNode: el,
    deepLinking: true,
    // Staff endpoints use the session cookie this browser already has.
    withCredentials: true,
  });
})();

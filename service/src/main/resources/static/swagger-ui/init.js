// The Swagger UI shows the contract itself (openapi.yaml), not a document derived from the code.
window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });

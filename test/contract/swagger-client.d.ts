/** swagger-client ships no types: the parts the Swagger UI test calls (typed there). */
declare module "swagger-client" {
  const SwaggerClient: unknown;
  export default SwaggerClient;
}

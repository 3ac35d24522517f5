// graphql-upload 17 types itself with JSDoc in .mjs files, which TypeScript does not read from a
// package; @types/graphql-upload would pull in koa's types. These are the parts we use.
declare module "graphql-upload/GraphQLUpload.mjs" {
  import type { GraphQLScalarType } from "graphql";
  const GraphQLUpload: GraphQLScalarType;
  export default GraphQLUpload;
}

declare module "graphql-upload/graphqlUploadExpress.mjs" {
  import type { RequestHandler } from "express";
  export default function graphqlUploadExpress(options?: { maxFieldSize?: number; maxFileSize?: number; maxFiles?: number }): RequestHandler;
}

declare module "graphql-upload/Upload.mjs" {
  import type { Readable } from "node:stream";
  export interface FileUpload {
    filename: string;
    mimetype: string;
    encoding: string;
    createReadStream(options?: { encoding?: string; highWaterMark?: number }): Readable;
  }
}

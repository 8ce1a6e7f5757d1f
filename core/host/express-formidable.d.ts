// express-formidable ships no types: the one function the host uses.
declare module 'express-formidable' {
  import type { RequestHandler } from 'express'
  // eslint-disable-next-line no-restricted-syntax -- the module's own default export
  export default function formidableMiddleware(options?: {
    maxFieldsSize?: number
    maxFileSize?: number
    maxFields?: number
  }): RequestHandler
}

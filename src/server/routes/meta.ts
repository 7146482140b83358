/** `GET /` (the playground page) and `GET /openapi.yaml` (the contract). */
import type { Request, Response } from 'express';
import { PLAYGROUND_HTML } from '../playground/page.js';
import type { RouteContext } from './context.js';

/** Handler of `GET /`: the playground page. */
export function playgroundHandler() {
  return (_req: Request, res: Response): void => {
    res.status(200).type('text/html; charset=utf-8').send(PLAYGROUND_HTML);
  };
}

/** Handler of `GET /openapi.yaml`: the contract, byte for byte as on disk. */
export function openapiHandler(ctx: RouteContext) {
  return (_req: Request, res: Response): void => {
    res.status(200).type('application/yaml; charset=utf-8').send(ctx.spec.text);
  };
}

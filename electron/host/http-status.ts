// How contract error codes map onto HTTP for the scripting API.
import type { ErrorCode } from '../../shared/contract.ts';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  internal: 500,
  unavailable: 503,
};

import type { UserRole } from '@sophie/registry';

/** The caller of an authenticated request, as checked against the registry on this request. */
export interface AuthUser {
  userId: string;
  role: UserRole;
  clinicId: string | null;
}

/** The claims our JWTs carry. */
export interface JwtClaims {
  sub: string;
  userId: string;
  clinicId: string | null;
  role: UserRole;
}

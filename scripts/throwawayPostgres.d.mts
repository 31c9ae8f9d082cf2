export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, trust authentication on loopback. */
  url: string;
  stop(): void;
}

export function startThrowawayPostgres(options?: { durable?: boolean }): Promise<ThrowawayPostgres | null>;

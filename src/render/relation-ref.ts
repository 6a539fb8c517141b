/**
 * What `ref()`, `source()` and `this` return: it prints as the quoted relation name, and exposes
 * the parts dbt users reach for (`.schema`, `.identifier`, `.name`).
 */
export class RelationRef {
  constructor(
    readonly schema: string,
    readonly identifier: string,
    private readonly rendered: string,
    readonly database: string | null = null,
  ) {}

  get name(): string {
    return this.identifier;
  }

  get table(): string {
    return this.identifier;
  }

  toString(): string {
    return this.rendered;
  }

  render(): string {
    return this.rendered;
  }
}

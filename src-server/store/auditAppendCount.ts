/**
 * Counts the statements that record an audit event through this store, so the backend knows whether
 * a request recorded one (the count moved while it ran) and must run the chaining step before answering.
 * A Kysely plugin sees every query, inside transactions too; it counts and changes nothing.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

export class AuditAppendCount implements KyselyPlugin {
  #count = 0;

  get count(): number {
    return this.#count;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    // Runs after CamelCasePlugin, so the table has its SQL name.
    if (args.node.kind === 'InsertQueryNode' && args.node.into?.table.identifier.name === 'audit_pending') this.#count++;
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/**
 * Where the console writes files an admin asked for (exports, invitations). Electron asks with a save
 * dialog; the test harness answers with a temporary folder. Either way the renderer only learns the
 * path, never the file's content when it holds a secret.
 */
export type ChooseSavePath = (suggestedName: string) => Promise<string | null>;

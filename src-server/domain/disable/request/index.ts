/** The disable-request check: what the route and the evidence store need, nothing more. */
export { checkDisableRequest, decideVerdict } from './checkDisableRequest.js';
export { parseSupportAddresses } from './supportAddress.js';
export { NotAMessageError, type NotAMessageCode } from './messageHeaders.js';
export { createDnsResolver, parseDnsServers } from './dnsResolver.js';
export { normaliseAddress, sameMailbox, type NormalisedAddress } from './address.js';
export type {
  AddressHighlight,
  CheckOptions,
  DisableRequestAnalysis,
  DisableRequestCheck,
  DisableRequestCheckCode,
  DisableRequestVerdict,
  DisableRequestWarning,
  DisableRequestWarningCode,
  DnsResolver,
  ParsedRequestHeaders,
} from './types.js';

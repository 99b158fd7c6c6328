export { NetworkLink, type LinkOptions } from './network-link';
export { checkClaimCheck, storeSeconds, type ClaimCheckOptions } from './claim-check';

import { DEMO_PARTNERS } from './generate';
import { DEMO_AUTH, demoTokens } from './auth';

/** `npm run tokens`: demo tokens for each role, valid 8 hours, for the local demo coalition only. */
const partnerIds = DEMO_PARTNERS.map((p) => p.id);
console.log(`Demo tokens (HS256, issuer ${DEMO_AUTH.issuer}, audience ${DEMO_AUTH.audience}; valid 8 hours; demo only):`);
for (const t of demoTokens(partnerIds)) console.log(`\n${t.label}:\n${t.token}`);
console.log('\nSend as the header  Authorization: Bearer <token>');

// A second instance for the lock test: opens the engagement for writing and keeps it open until killed.
import { EngagementStore } from '../store/engagementStore';

const store = EngagementStore.open(process.argv[2]!, 'other instance');
process.stdout.write(store.access.readOnly ? `read-only: ${store.access.reason}\n` : 'open\n');
setInterval(() => {}, 60_000);

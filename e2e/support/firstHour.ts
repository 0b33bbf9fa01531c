/** A customer's VM list for the first-hour walk: one business line for all, a tag that says which application each VM serves. */
export const TAGGED_INVENTORY = [
  'VM Name,OS,vCPU,Memory (GB),Disk (GB),Application,Tag',
  'shop-web01,Windows Server 2022,2,8,80,Retail platform,webshop',
  'shop-web02,Windows Server 2022,2,8,80,Retail platform,webshop',
  'shop-sql01,Windows Server 2022,8,64,1200,Retail platform,webshop',
  'pay-app01,Ubuntu 22.04,4,16,200,Retail platform,payments',
  'pay-db01,Ubuntu 22.04,4,32,500,Retail platform,payments',
].join('\n');

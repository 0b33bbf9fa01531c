/** Printed in `cwb info`, the workbook cover and sign-offs; bump with package.json. */
export const APP_VERSION = '0.1.0';

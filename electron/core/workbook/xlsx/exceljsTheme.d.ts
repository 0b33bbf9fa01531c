/** exceljs's copy of Office's default theme, the one its workbooks have always carried. */
declare module 'exceljs/lib/xlsx/xml/theme1.js' {
  const themeXml: string;
  export default themeXml;
}

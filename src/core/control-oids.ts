/** OIDs of the request controls whose values the server decodes beyond paging. */
export const ControlOid = {
  /** Server-side sorting (RFC 2891). */
  serverSort: '1.2.840.113556.1.4.473',
  /** Its response (RFC 2891). */
  sortResult: '1.2.840.113556.1.4.474',
  /** Virtual list view (draft-ietf-ldapext-ldapv3-vlv-09) and its response. */
  virtualListView: '2.16.840.1.113730.3.4.9',
  virtualListViewResult: '2.16.840.1.113730.3.4.10',
  /** AD's extended DN (MS-ADTS 3.1.1.3.4.1.5). */
  extendedDN: '1.2.840.113556.1.4.529',
  /** Subentries (RFC 3672). */
  subentries: '1.3.6.1.4.1.4203.1.10.1',
  /** Matched values (RFC 3876). */
  matchedValues: '1.2.826.0.1.3344810.2.3',
} as const;

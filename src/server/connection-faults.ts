/** What the listeners do with new connections under a fault: the one fault type the wire and the fault layer share. */
export type Listener = 'ldap' | 'ldaps';

/** Per listener: serve new connections, refuse them (port closed), or accept and never answer. */
export type ConnectionFaults = Readonly<Record<Listener, 'none' | 'refuse' | 'hang'>>;

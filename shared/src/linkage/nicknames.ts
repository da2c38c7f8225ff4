/**
 * Common English nicknames and their formal first name, so "Bill Smith" and "William Smith"
 * derive the same name token. Keys and values are normalized (upper case A-Z). Kept short on
 * purpose: a coalition adds its own community's names through a new token scheme version.
 */
const GROUPS: Record<string, readonly string[]> = {
  ALEXANDER: ['ALEX', 'AL', 'XANDER', 'SANDY'],
  ANDREW: ['ANDY', 'DREW'],
  ANTHONY: ['TONY'],
  BENJAMIN: ['BEN', 'BENNY', 'BENJI'],
  CHARLES: ['CHARLIE', 'CHUCK', 'CHAS'],
  CHRISTOPHER: ['CHRIS', 'KIT'],
  DANIEL: ['DAN', 'DANNY'],
  DAVID: ['DAVE', 'DAVEY'],
  DONALD: ['DON', 'DONNIE'],
  EDWARD: ['ED', 'EDDIE', 'TED', 'NED'],
  FREDERICK: ['FRED', 'FREDDIE'],
  GREGORY: ['GREG'],
  HENRY: ['HANK', 'HARRY'],
  JAMES: ['JIM', 'JIMMY', 'JAMIE'],
  JOHN: ['JACK', 'JOHNNY'],
  JONATHAN: ['JON', 'JONNY'],
  JOSEPH: ['JOE', 'JOEY'],
  JOSHUA: ['JOSH'],
  KENNETH: ['KEN', 'KENNY'],
  LAWRENCE: ['LARRY'],
  MATTHEW: ['MATT'],
  MICHAEL: ['MIKE', 'MICKEY', 'MICK'],
  NICHOLAS: ['NICK', 'NICKY'],
  PATRICK: ['PAT', 'PADDY'],
  PETER: ['PETE'],
  RICHARD: ['RICK', 'RICKY', 'DICK', 'RICH'],
  ROBERT: ['BOB', 'BOBBY', 'ROB', 'ROBBIE', 'BERT'],
  RONALD: ['RON', 'RONNIE'],
  SAMUEL: ['SAM', 'SAMMY'],
  STEPHEN: ['STEVE', 'STEVIE'],
  STEVEN: ['STEVE'],
  THOMAS: ['TOM', 'TOMMY'],
  TIMOTHY: ['TIM', 'TIMMY'],
  WILLIAM: ['BILL', 'BILLY', 'WILL', 'WILLIE', 'LIAM'],
  ZACHARY: ['ZACH', 'ZACK'],
  ABIGAIL: ['ABBY', 'ABBIE'],
  ALEXANDRA: ['ALEXA', 'LEXI'],
  BARBARA: ['BARB', 'BABS'],
  CATHERINE: ['CATHY', 'KATE', 'CAT'],
  CHRISTINA: ['TINA', 'CHRISSY'],
  CYNTHIA: ['CINDY'],
  DEBORAH: ['DEB', 'DEBBIE'],
  DOROTHY: ['DOT', 'DOTTIE'],
  ELIZABETH: ['LIZ', 'BETH', 'BETTY', 'LIZZIE', 'ELIZA', 'BETSY'],
  JENNIFER: ['JEN', 'JENNY'],
  JESSICA: ['JESS', 'JESSIE'],
  KATHERINE: ['KATIE', 'KATHY', 'KAT', 'KAY'],
  MARGARET: ['MAGGIE', 'MEG', 'PEGGY', 'PEG'],
  PATRICIA: ['PATTY', 'TRISH', 'PATSY'],
  REBECCA: ['BECKY', 'BECCA'],
  SUSAN: ['SUE', 'SUSIE'],
  VICTORIA: ['VICKY', 'TORI'],
  KIMBERLY: ['KIM'],
  PAMELA: ['PAM'],
  SAMANTHA: ['SAMMIE'],
  STEPHANIE: ['STEPH'],
  THERESA: ['TERESA', 'TESS', 'TERRI'],
  VALERIE: ['VAL'],
};

const FORMAL = new Map<string, string>();
for (const [formal, nicknames] of Object.entries(GROUPS)) {
  for (const nickname of nicknames) if (!FORMAL.has(nickname)) FORMAL.set(nickname, formal);
}

/** The formal name for a known nickname; the name itself otherwise. */
export function formalFirstName(normalized: string): string {
  return FORMAL.get(normalized) ?? normalized;
}

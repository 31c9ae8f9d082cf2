/**
 * The account pages' texts, English (the reference) and German with exactly the same keys (the type and
 * a unit test say so). `{name}` is filled in by the page (from a value, or an element of the markup with
 * data-slot="name"); `**text**` is shown in bold. Plain text only: the pages never insert HTML.
 */
export const en = {
  'page.account': 'Your account',
  'page.skip': 'Skip to content',
  'page.loading': 'Loading…',
  'page.title': '{title} · Your account',
  'page.language': 'Language',
  'page.languageSaved': 'Saved: e-mails and these pages are now in English.',
  'language.en': 'English',
  'language.de': 'Deutsch',

  'signIn.title': 'Sign in',
  'signIn.email': 'E-mail',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.busy': 'Signing in…',
  'signIn.missing': 'Enter your e-mail address and your password.',
  'signIn.again': 'Enter your e-mail and password again.',
  'signIn.signedOut': 'You are signed out.',
  'signIn.signOut': 'Sign out',

  'code.title': 'Enter your MFA code',
  'code.intro': 'Open Google Authenticator on your phone and find the code for {login}.',
  'code.label': 'MFA code',
  'code.hint': 'Type the 6 digits without spaces.',
  'code.wrong': 'Type the 6 digits of the code from Google Authenticator, without spaces.',
  'code.busy': 'Checking…',
  'code.restart': 'Sign in with a different account',
  'code.help': 'The code is not accepted?',
  'code.helpTime':
    "Your smartphone's time must be set to automatic: in the phone's settings (**Date and time**), set the slider to the right. Then wait for a new code.",
  'code.helpOnce': 'Each code works once. If you have just used it, wait for the next one.',
  'code.helpNewPhone': 'New phone, or lost your phone? Contact our support: they can let you set up MFA on the new phone.',

  'settings.nav': 'Account settings',
  'settings.organization': 'Your organization',
  'settings.myProfile': 'My Profile',
  'settings.title': 'Account settings',
  'settings.signedInAs': 'Signed in as {login}.',
  'settings.protect': 'Protect your account: turn on multi-factor authentication in {link}. It takes no more than 4 minutes.',
  'settings.protectLink': 'My Profile → Multi-Factor Authentication',
  'profile.details': 'Details',
  'profile.mfa': 'Multi-Factor Authentication',
  'profile.name': 'Name',
  'profile.login': 'E-mail (your login)',
  'profile.language': 'Language',
  'profile.languageHint': 'Of these pages and of the messages we send you.',
  'mfa.title': 'Multi-Factor Authentication',
  'mfa.why':
    "In accordance with the GDPR, we've added a layer of security to protect your account: multi-factor authentication (MFA). Turn MFA on once, and from then on sign in with a one-time code that only you have. It takes no more than 4 minutes.",
  'mfa.enable': 'Enable MFA',
  'mfa.enableHint': 'A pop-up walks you through the steps. Once you have completed them, this option is no longer available: MFA stays on.',
  'mfa.onSignIn': 'Every time you sign in, enter the code from Google Authenticator, without spaces, into the MFA code field.',
  'mfa.onlySupport':
    'You cannot turn MFA off yourself: only our support can, on a request sent from the e-mail address that is your login.',
  'mfa.important': 'Important',
  'mfa.importantDisable': 'To disable MFA, contact our support from the e-mail address that is the login of your account.',
  'mfa.importantTime':
    'Time on both your computer and your smartphone must be right. On the phone, turn on automatic **Date and time**; on Windows, go to **Settings** → **Time & Language** and turn on **Set time automatically**.',
  'mfa.importantChrome':
    'You can use Google Authenticator for Google Chrome. Then you can sign in only on the device with the extension installed, unless you set up data synchronization for all your devices.',
  'mfa.importantNewPhone':
    'When you change smartphones, move Google Authenticator to the new one: in the app, use **Transfer accounts** (Change phone) to move all your accounts. Or contact our support to set up MFA again on the new smartphone.',
  'state.off': 'Off',
  'state.offText': 'Multi-factor authentication is off.',
  'state.pending': 'Not finished',
  'state.pendingText':
    'You started setting up multi-factor authentication but did not type a code yet. Enable MFA again to get a new QR code.',
  'state.on': 'On',
  'state.onText': 'Multi-factor authentication is on.',
  'state.locked': 'Locked',
  'state.lockedText': 'Too many wrong codes were typed. Wait a few minutes before you try again.',

  'setup.title': 'Set up multi-factor authentication',
  'setup.close': 'Close',
  'setup.steps': 'Steps',
  'setup.stepInstall': 'Install the app',
  'setup.stepTime': 'Phone time',
  'setup.stepScan': 'Scan the QR code',
  'setup.stepCode': 'Type the code',
  'setup.install': 'Install the Google Authenticator app on your smartphone.',
  'setup.installText':
    'It is free in the App Store (iPhone) and in Google Play (Android). If it is already on your phone, go on to the next step.',
  'setup.next': 'Next',
  'setup.back': 'Back',
  'setup.time': "Make sure that your smartphone's time is set to automatic.",
  'setup.timeText': "The codes change every 30 seconds, so they only work when the phone's clock is right.",
  'setup.timePhone': "To check or turn on automatic time, go to your phone's settings (**Date and time**) and set the slider to the right.",
  'setup.timeComputer':
    'The time on your computer must be right too. On Windows, go to **Settings** → **Time & Language** and turn on **Set time automatically**.',
  'setup.scan': 'Scan the QR code and create an account in the application.',
  'setup.scanHint': 'In Google Authenticator, tap **+**, then **Scan a QR code**.',
  'setup.qrLoading': 'Preparing your QR code…',
  'setup.qrFailed': 'The QR code could not be prepared.',
  'setup.qrAlt': 'QR code to scan with Google Authenticator',
  'setup.qrRetry': 'Show a new QR code',
  'setup.textVersion': "Can't scan the QR code? Use its text version",
  'setup.textVersionHow': 'In Google Authenticator, tap **+**, then **Enter a setup key**, and type:',
  'setup.account': 'Account',
  'setup.key': 'Your key',
  'setup.keyType': 'Type of key',
  'setup.timeBased': 'Time based',
  'setup.keySpaces': 'The spaces only make the key easier to read; the app ignores them. On the phone itself? {link}.',
  'setup.addDirectly': 'Add the account to the app directly',
  'setup.code': 'Enter the 6-digit code from the Authenticator app, without spaces, into the MFA code field below.',
  'setup.submit': 'Turn on MFA',
  'setup.waitForQr': 'Wait for the QR code, scan it, and then type the code.',
  'setup.done': 'MFA is on',
  'setup.doneSignIn':
    'From now on, every time you sign in, enter the code from Google Authenticator, without spaces, into the MFA code field.',
  'setup.doneOnlySupport':
    'You cannot turn MFA off yourself. To disable it, write to our support from the e-mail address that is the login of your account.',
  'setup.doneButton': 'Done',

  'enrol.title': 'Set up MFA on your new phone',
  'enrol.checking': 'Checking your link…',
  'enrol.problemTitle': 'This link cannot be used',
  'enrol.problemAdvice':
    'Contact our support and ask for a new link to set up MFA on your new phone. Write from the e-mail address that is the login of your account.',
  'enrol.toSignIn': 'Go to the sign-in page',
  'enrol.sentTo': 'Support sent this link to {login}. It can be used once, until {expires}.',
  'enrol.signInWith': "Sign in with the e-mail address and password of that account. You won't be asked for a code from your old phone.",
  'enrol.continue': 'Continue',
  'enrol.setupText':
    "Have your new phone at hand. A pop-up walks you through four steps: install Google Authenticator, set the phone's time to automatic, scan the QR code, and type the 6-digit code. It takes no more than 4 minutes.",
  'enrol.oldStops': "When the new phone's code is accepted, the codes on your old phone stop working.",
  'enrol.setUp': 'Set up MFA',
  'enrol.done': 'MFA is on with your new phone',
  'enrol.doneSignIn':
    'From now on, every time you sign in, enter the code from Google Authenticator on your new phone, without spaces, into the MFA code field.',
  'enrol.doneOld': "The codes on your old phone no longer work; you can delete that account from the old phone's app.",
  'enrol.toAccount': 'Go to your account',
  'enrol.used': 'This link was already used: MFA was set up with it.',
  'enrol.expired': 'This link has expired.',
  'enrol.cancelled': 'Support cancelled this link.',
  'enrol.noLink': 'This page needs the link from the e-mail that support sent you. Open that link again.',

  'error.session': 'Your session has ended. Sign in again.',
  'error.notFound': 'This page or link does not exist.',
  'error.tooMany': 'Too many attempts. Wait a moment and try again.',
  'error.network': 'The server cannot be reached. Check your internet connection and try again.',
  'error.server': 'Something went wrong on the server. Try again in a minute.',
  'error.refused': 'The request was refused ({status}).',
  'error.page': 'Something went wrong in this page. Reload it and try again.',
} as const;

export type MessageKey = keyof typeof en;
export type PageMessages = Record<MessageKey, string>;

export const de: PageMessages = {
  'page.account': 'Ihr Konto',
  'page.skip': 'Zum Inhalt springen',
  'page.loading': 'Wird geladen…',
  'page.title': '{title} · Ihr Konto',
  'page.language': 'Sprache',
  'page.languageSaved': 'Gespeichert: E-Mails und diese Seiten sind jetzt auf Deutsch.',
  'language.en': 'English',
  'language.de': 'Deutsch',

  'signIn.title': 'Anmelden',
  'signIn.email': 'E-Mail',
  'signIn.password': 'Passwort',
  'signIn.submit': 'Anmelden',
  'signIn.busy': 'Anmeldung läuft…',
  'signIn.missing': 'Geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.',
  'signIn.again': 'Geben Sie Ihre E-Mail-Adresse und Ihr Passwort erneut ein.',
  'signIn.signedOut': 'Sie sind abgemeldet.',
  'signIn.signOut': 'Abmelden',

  'code.title': 'MFA-Code eingeben',
  'code.intro': 'Öffnen Sie Google Authenticator auf Ihrem Telefon und suchen Sie den Code für {login}.',
  'code.label': 'MFA-Code',
  'code.hint': 'Geben Sie die 6 Ziffern ohne Leerzeichen ein.',
  'code.wrong': 'Geben Sie die 6 Ziffern des Codes aus Google Authenticator ohne Leerzeichen ein.',
  'code.busy': 'Wird geprüft…',
  'code.restart': 'Mit einem anderen Konto anmelden',
  'code.help': 'Der Code wird nicht angenommen?',
  'code.helpTime':
    'Die Uhrzeit Ihres Smartphones muss automatisch eingestellt sein: In den Einstellungen des Telefons (**Datum und Uhrzeit**) den Schieberegler nach rechts stellen. Warten Sie dann auf einen neuen Code.',
  'code.helpOnce': 'Jeder Code funktioniert nur einmal. Wenn Sie ihn gerade verwendet haben, warten Sie auf den nächsten.',
  'code.helpNewPhone':
    'Neues Telefon, oder Telefon verloren? Wenden Sie sich an unseren Support: Er kann Ihnen MFA auf dem neuen Telefon einrichten lassen.',

  'settings.nav': 'Kontoeinstellungen',
  'settings.organization': 'Ihre Organisation',
  'settings.myProfile': 'Mein Profil',
  'settings.title': 'Kontoeinstellungen',
  'settings.signedInAs': 'Angemeldet als {login}.',
  'settings.protect':
    'Schützen Sie Ihr Konto: Schalten Sie die Multi-Faktor-Authentifizierung unter {link} ein. Es dauert höchstens 4 Minuten.',
  'settings.protectLink': 'Mein Profil → Multi-Faktor-Authentifizierung',
  'profile.details': 'Details',
  'profile.mfa': 'Multi-Faktor-Authentifizierung',
  'profile.name': 'Name',
  'profile.login': 'E-Mail (Ihr Login)',
  'profile.language': 'Sprache',
  'profile.languageHint': 'Dieser Seiten und der Nachrichten, die wir Ihnen senden.',
  'mfa.title': 'Multi-Faktor-Authentifizierung',
  'mfa.why':
    'Gemäß der DSGVO haben wir eine zusätzliche Sicherheitsebene zum Schutz Ihres Kontos eingeführt: die Multi-Faktor-Authentifizierung (MFA). Schalten Sie MFA einmal ein, und melden Sie sich danach mit einem Einmalcode an, den nur Sie haben. Es dauert höchstens 4 Minuten.',
  'mfa.enable': 'MFA einschalten',
  'mfa.enableHint':
    'Ein Fenster führt Sie durch die Schritte. Sobald Sie sie abgeschlossen haben, steht diese Option nicht mehr zur Verfügung: MFA bleibt eingeschaltet.',
  'mfa.onSignIn': 'Geben Sie bei jeder Anmeldung den Code aus Google Authenticator ohne Leerzeichen in das Feld „MFA-Code“ ein.',
  'mfa.onlySupport':
    'Sie können MFA nicht selbst ausschalten: Das kann nur unser Support, auf eine Anfrage von der E-Mail-Adresse hin, die Ihr Login ist.',
  'mfa.important': 'Wichtig',
  'mfa.importantDisable':
    'Um MFA auszuschalten, wenden Sie sich von der E-Mail-Adresse aus, die das Login Ihres Kontos ist, an unseren Support.',
  'mfa.importantTime':
    'Die Uhrzeit auf Ihrem Computer und auf Ihrem Smartphone muss stimmen. Schalten Sie auf dem Telefon **Datum und Uhrzeit** automatisch ein; unter Windows gehen Sie zu **Einstellungen** → **Zeit und Sprache** und schalten **Uhrzeit automatisch festlegen** ein.',
  'mfa.importantChrome':
    'Sie können Google Authenticator für Google Chrome verwenden. Dann können Sie sich nur auf dem Gerät mit der installierten Erweiterung anmelden, es sei denn, Sie richten die Datensynchronisierung für alle Ihre Geräte ein.',
  'mfa.importantNewPhone':
    'Wenn Sie das Smartphone wechseln, übertragen Sie Google Authenticator auf das neue: Verwenden Sie in der App **Konten übertragen**, um alle Ihre Konten umzuziehen. Oder bitten Sie unseren Support, MFA auf dem neuen Smartphone neu einzurichten.',
  'state.off': 'Aus',
  'state.offText': 'Die Multi-Faktor-Authentifizierung ist ausgeschaltet.',
  'state.pending': 'Nicht abgeschlossen',
  'state.pendingText':
    'Sie haben mit der Einrichtung der Multi-Faktor-Authentifizierung begonnen, aber noch keinen Code eingegeben. Schalten Sie MFA erneut ein, um einen neuen QR-Code zu erhalten.',
  'state.on': 'An',
  'state.onText': 'Die Multi-Faktor-Authentifizierung ist eingeschaltet.',
  'state.locked': 'Gesperrt',
  'state.lockedText': 'Es wurden zu viele falsche Codes eingegeben. Warten Sie einige Minuten, bevor Sie es erneut versuchen.',

  'setup.title': 'Multi-Faktor-Authentifizierung einrichten',
  'setup.close': 'Schließen',
  'setup.steps': 'Schritte',
  'setup.stepInstall': 'App installieren',
  'setup.stepTime': 'Uhrzeit des Telefons',
  'setup.stepScan': 'QR-Code scannen',
  'setup.stepCode': 'Code eingeben',
  'setup.install': 'Installieren Sie die App Google Authenticator auf Ihrem Smartphone.',
  'setup.installText':
    'Sie ist kostenlos im App Store (iPhone) und bei Google Play (Android). Wenn sie schon auf Ihrem Telefon ist, gehen Sie weiter zum nächsten Schritt.',
  'setup.next': 'Weiter',
  'setup.back': 'Zurück',
  'setup.time': 'Stellen Sie sicher, dass die Uhrzeit Ihres Smartphones automatisch eingestellt ist.',
  'setup.timeText': 'Die Codes wechseln alle 30 Sekunden und funktionieren daher nur, wenn die Uhr des Telefons richtig geht.',
  'setup.timePhone':
    'Um die automatische Uhrzeit zu prüfen oder einzuschalten, gehen Sie in die Einstellungen Ihres Telefons (**Datum und Uhrzeit**) und stellen den Schieberegler nach rechts.',
  'setup.timeComputer':
    'Auch die Uhrzeit Ihres Computers muss stimmen. Unter Windows gehen Sie zu **Einstellungen** → **Zeit und Sprache** und schalten **Uhrzeit automatisch festlegen** ein.',
  'setup.scan': 'Scannen Sie den QR-Code und legen Sie in der App ein Konto an.',
  'setup.scanHint': 'Tippen Sie in Google Authenticator auf **+** und dann auf **QR-Code scannen**.',
  'setup.qrLoading': 'Ihr QR-Code wird vorbereitet…',
  'setup.qrFailed': 'Der QR-Code konnte nicht vorbereitet werden.',
  'setup.qrAlt': 'QR-Code zum Scannen mit Google Authenticator',
  'setup.qrRetry': 'Neuen QR-Code anzeigen',
  'setup.textVersion': 'Sie können den QR-Code nicht scannen? Verwenden Sie seine Textfassung',
  'setup.textVersionHow': 'Tippen Sie in Google Authenticator auf **+**, dann auf **Einrichtungsschlüssel eingeben**, und geben Sie ein:',
  'setup.account': 'Konto',
  'setup.key': 'Ihr Schlüssel',
  'setup.keyType': 'Art des Schlüssels',
  'setup.timeBased': 'Zeitbasiert',
  'setup.keySpaces': 'Die Leerzeichen machen den Schlüssel nur leichter lesbar; die App ignoriert sie. Direkt auf dem Telefon? {link}.',
  'setup.addDirectly': 'Konto direkt zur App hinzufügen',
  'setup.code': 'Geben Sie den 6-stelligen Code aus der Authenticator-App ohne Leerzeichen in das Feld „MFA-Code“ unten ein.',
  'setup.submit': 'MFA einschalten',
  'setup.waitForQr': 'Warten Sie auf den QR-Code, scannen Sie ihn und geben Sie dann den Code ein.',
  'setup.done': 'MFA ist eingeschaltet',
  'setup.doneSignIn':
    'Geben Sie ab jetzt bei jeder Anmeldung den Code aus Google Authenticator ohne Leerzeichen in das Feld „MFA-Code“ ein.',
  'setup.doneOnlySupport':
    'Sie können MFA nicht selbst ausschalten. Um es auszuschalten, schreiben Sie unserem Support von der E-Mail-Adresse aus, die das Login Ihres Kontos ist.',
  'setup.doneButton': 'Fertig',

  'enrol.title': 'MFA auf Ihrem neuen Telefon einrichten',
  'enrol.checking': 'Ihr Link wird geprüft…',
  'enrol.problemTitle': 'Dieser Link kann nicht verwendet werden',
  'enrol.problemAdvice':
    'Wenden Sie sich an unseren Support und bitten Sie um einen neuen Link, um MFA auf Ihrem neuen Telefon einzurichten. Schreiben Sie von der E-Mail-Adresse aus, die das Login Ihres Kontos ist.',
  'enrol.toSignIn': 'Zur Anmeldeseite',
  'enrol.sentTo': 'Der Support hat diesen Link an {login} gesendet. Er kann einmal verwendet werden, bis {expires}.',
  'enrol.signInWith':
    'Melden Sie sich mit der E-Mail-Adresse und dem Passwort dieses Kontos an. Nach einem Code von Ihrem alten Telefon werden Sie nicht gefragt.',
  'enrol.continue': 'Weiter',
  'enrol.setupText':
    'Halten Sie Ihr neues Telefon bereit. Ein Fenster führt Sie durch vier Schritte: Google Authenticator installieren, die Uhrzeit des Telefons auf automatisch stellen, den QR-Code scannen und den 6-stelligen Code eingeben. Es dauert höchstens 4 Minuten.',
  'enrol.oldStops': 'Sobald der Code des neuen Telefons angenommen ist, funktionieren die Codes auf Ihrem alten Telefon nicht mehr.',
  'enrol.setUp': 'MFA einrichten',
  'enrol.done': 'MFA ist mit Ihrem neuen Telefon eingeschaltet',
  'enrol.doneSignIn':
    'Geben Sie ab jetzt bei jeder Anmeldung den Code aus Google Authenticator auf Ihrem neuen Telefon ohne Leerzeichen in das Feld „MFA-Code“ ein.',
  'enrol.doneOld':
    'Die Codes auf Ihrem alten Telefon funktionieren nicht mehr; Sie können das Konto aus der App des alten Telefons löschen.',
  'enrol.toAccount': 'Zu Ihrem Konto',
  'enrol.used': 'Dieser Link wurde bereits verwendet: MFA wurde damit eingerichtet.',
  'enrol.expired': 'Dieser Link ist abgelaufen.',
  'enrol.cancelled': 'Der Support hat diesen Link zurückgezogen.',
  'enrol.noLink': 'Diese Seite braucht den Link aus der E-Mail, die der Support Ihnen gesendet hat. Öffnen Sie diesen Link erneut.',

  'error.session': 'Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an.',
  'error.notFound': 'Diese Seite oder dieser Link existiert nicht.',
  'error.tooMany': 'Zu viele Versuche. Warten Sie einen Moment und versuchen Sie es erneut.',
  'error.network': 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
  'error.server': 'Auf dem Server ist etwas schiefgegangen. Versuchen Sie es in einer Minute erneut.',
  'error.refused': 'Die Anfrage wurde abgelehnt ({status}).',
  'error.page': 'Auf dieser Seite ist etwas schiefgegangen. Laden Sie sie neu und versuchen Sie es erneut.',
};

/** The languages the pages speak, and their texts. */
export const MESSAGES = { en, de } as const;
export type PageLanguage = keyof typeof MESSAGES;

/** Die Texte des Kontobereichs auf Deutsch, mit dem Bereich geladen (i18n/index.ts loadArea). */
import type { AccountAreaMessages } from './enAccountArea';

export const deAccountArea: AccountAreaMessages = {
  signIns: {
    title: 'Anmeldeversuche',
    couldNotLoad: 'Die Anmeldeversuche konnten nicht geladen werden',
    loading: 'Anmeldeversuche werden geladen…',
    none: 'Noch keine Anmeldeversuche',
    noneText: 'Die Person hat seit dem Anlegen des Kontos noch nicht versucht, sich anzumelden.',
    when: 'Wann',
    stepTitle: 'Schritt',
    result: 'Ergebnis',
    from: 'Absenderadresse',
    where: 'Wo',
    notRecorded: 'Nicht erfasst',
    older: 'Ältere Versuche anzeigen',
    step: { password: 'Passwort', code: 'MFA-Code' },
    outcome: { succeeded: 'Richtig', failed: 'Falsch', replayed: 'Code doppelt verwendet', locked: 'Gesperrt' },
    via: { sign_in: 'Anmeldeseite', reset_link: 'Link zur Neuregistrierung', setup: 'MFA-Einrichtung' },
  },
  unlock: {
    title: 'Anmeldung entsperren',
    intro:
      'Die Anmeldung ist gesperrt bis {until}. Entsperren Sie erst, wenn Sie wissen, dass die falschen Versuche von der Person selbst stammen.',
    done: 'Entsperrt: {login} kann sich wieder anmelden, und die falschen Versuche in Folge beginnen wieder bei null.',
    reasonExample: 'Passwort vertippt; Identität geprüft',
  },
  disable: {
    button: 'MFA für {login} deaktivieren…',
    title: 'MFA für {login} deaktivieren?',
    consequences:
      'Der Benutzer meldet sich dann nur mit dem Passwort an, seine offenen Sitzungen enden, und er erhält sofort eine E-Mail. Dies wird mit der Anfrage als Nachweis im Audit-Log festgehalten.',
    reasonExample: 'Telefon verloren, Anfrage per E-Mail geprüft',
    keep: 'MFA eingeschaltet lassen',
    confirm: 'MFA deaktivieren',
  },
  disableRequest: {
    title: 'Deaktivierungsanfrage',
    intro:
      'MFA wird nur auf eine Anfrage hin ausgeschaltet, die von der Login-Adresse {login} gesendet und von ihrer Domain authentifiziert wurde.',
    couldNotCheck: 'Die Nachricht konnte nicht geprüft werden',
    checking: 'Absender, Signatur und Kopfzeilen werden geprüft…',
    tickWarnings: 'Haken Sie die Warnung oben ab, um MFA zu deaktivieren. | Haken Sie die {n} Warnungen oben ab, um MFA zu deaktivieren.',
    roleCannot: 'Ihre Rolle darf MFA nicht deaktivieren.',
    usableUntil: 'Verwendbar bis {date} ({relative}).',
    again: 'Andere Nachricht prüfen',
    done: {
      title: 'MFA ist aus für {login}',
      text: 'Der Benutzer meldet sich nur mit dem Passwort an, bis er MFA wieder einschaltet. Seine offenen Sitzungen wurden beendet.',
      mail: 'E-Mail an den Benutzer',
      to: 'An',
      subject: 'Betreff',
      status: 'Status',
      sent: 'Gesendet {date}',
      notSent: 'Noch nicht gesendet: {error}. Der Versand wird wiederholt; die E-Mail wartet im Postausgang.',
      waiting: 'Wartet im Postausgang (kein Mailserver eingerichtet, oder wird gerade gesendet)',
      reply: 'Antwort an den Benutzer',
      copyReply: 'Antwort kopieren',
    },
    escalate: {
      done: 'An einen Admin eskaliert',
      doneText:
        'Gesendet {date}. MFA bleibt an, bis ein anderer Admin in der Eskalationsliste zustimmt; die Entscheidung erscheint im Verlauf dieses Kontos.',
      title: 'Diese Anfrage kann MFA nicht deaktivieren',
      text: 'Wenn Sie einen anderen Nachweis haben, dass es der Benutzer ist (Rückruf unter der hinterlegten Nummer, Ausweisprüfung), eskalieren Sie: Eine andere Person mit der Admin-Rolle entscheidet.',
      button: 'An einen Admin eskalieren…',
      justification: 'Begründung: was beweist, dass es der Benutzer ist',
      justificationShort: 'Erklären Sie, was sonst beweist, dass es der Benutzer ist (mindestens 10 Zeichen).',
      reasonHint: 'Sagen Sie, warum MFA deaktiviert werden soll (mindestens 3 Zeichen).',
      reasonExample: 'Telefon verloren',
      send: 'An einen Admin senden',
    },
  },
  newPhone: {
    title: 'Neues Telefon',
    intro: 'Begleiten Sie {name} von „neues Telefon“ bis zu Codes, die funktionieren – am Telefon oder per E-Mail.',
    channels: 'Wie Sie mit der Person sprechen',
    phoneCall: 'Anruf',
    byEmail: 'E-Mail',
    couldNotLoad: 'Die Neuregistrierung konnte nicht geladen werden',
    looking: 'Suche nach einer laufenden Neuregistrierung…',
    startAnother: 'Neue Neuregistrierung starten…',
    cancelled: 'Neuregistrierung abgebrochen: Der Link funktioniert nicht mehr.',
    resent: 'Ein neuer Link wurde an {login} gesendet (E-Mail {n}). Frühere Links funktionieren nicht mehr.',
    script: {
      label: 'Was Sie sagen',
      sayNow: 'Jetzt sagen',
      oldPhone:
        'Haben Sie das alte Telefon noch? Dann können Sie Ihre Konten selbst umziehen, ohne Zurücksetzen: Öffnen Sie Google Authenticator auf dem alten Telefon und wählen Sie „Konten übertragen“. So kommen alle Ihre Konten auf das neue Telefon.',
      oldPhoneNote:
        'Altes Telefon verloren, gestohlen, defekt oder zurückgesetzt? Starten Sie die Neuregistrierung. Verloren oder gestohlen: „altes Telefon sofort sperren“ ankreuzen.',
      emailSent: 'Ich sende Ihnen jetzt eine E-Mail an {login} mit dem Betreff „{subject}“. Sagen Sie mir bitte, wenn sie angekommen ist.',
      linkOpened: 'Öffnen Sie diese E-Mail und klicken Sie auf den Link darin. Er funktioniert einmal, bis {expiry}.',
      expiryUnknown: 'zu der Zeit, die nach dem Start angezeigt wird',
      signedIn: 'Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem gewohnten Passwort an.',
      qrShown:
        'Installieren Sie die App Google Authenticator auf Ihrem Smartphone. Achten Sie bitte darauf, dass die Uhrzeit Ihres Smartphones automatisch eingestellt ist: In den Einstellungen unter „Datum und Uhrzeit“ den Schieberegler nach rechts stellen. Tippen Sie dann auf „Weiter“.',
      enrolled:
        'Scannen Sie den QR-Code und legen Sie in der App ein Konto an. Wenn Sie den QR-Code nicht scannen können, verwenden Sie den Link zu seiner Textfassung. Geben Sie dann den 6-stelligen Code aus der App ohne Leerzeichen in das Feld „MFA-Code“ unter dem QR-Code ein.',
      enrolledNote:
        'Code abgelehnt? Lassen Sie sich den Code vorlesen, den die App gerade anzeigt, und machen Sie unten die Uhrzeitprüfung.',
      done: 'Alles erledigt. Geben Sie bei der nächsten Anmeldung den Code aus Google Authenticator ohne Leerzeichen in das Feld „MFA-Code“ ein.',
    },
    email: {
      linkLabel: 'Der Link',
      emailed: 'Per E-Mail gesendet',
      emailedAt: '{date} ({n}× gesendet)',
      notYet: 'Noch nicht',
      opened: 'Geöffnet',
      worksUntil: 'Gültig bis',
      startFirst: 'Starten Sie unten die Neuregistrierung: Der Link geht nur an {login}. Senden Sie der Person dann diese Antwort.',
      reply: 'Antwort an die Person',
      copy: 'Nachricht kopieren',
      expiryUnknown: '[Zeitpunkt, zu dem der Link abläuft]',
      message:
        'Hallo {name},\n\nwenn Sie Ihr altes Telefon noch haben, brauchen Sie uns nicht: Öffnen Sie Google Authenticator auf dem alten Telefon und wählen Sie „Konten übertragen“, um alle Ihre Konten auf das neue Telefon zu übertragen.\n\nAndernfalls haben wir Ihnen eine E-Mail an {login} mit dem Betreff „{subject}“ gesendet. Öffnen Sie den Link darin (er funktioniert einmal, bis {expiry}) und melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an. Dann:\n1. Installieren Sie die App Google Authenticator auf Ihrem Smartphone.\n2. Achten Sie darauf, dass die Uhrzeit Ihres Smartphones automatisch eingestellt ist (Einstellungen, Datum und Uhrzeit, Schieberegler nach rechts).\n3. Scannen Sie den QR-Code und legen Sie in der App ein Konto an. Wenn Sie ihn nicht scannen können, verwenden Sie den Link zu seiner Textfassung.\n4. Geben Sie den 6-stelligen Code aus der App ohne Leerzeichen in das Feld „MFA-Code“ unter dem QR-Code ein.\n\nGeben Sie bei Ihrer nächsten Anmeldung den Code aus Google Authenticator ohne Leerzeichen ein.\n\nIhr Support',
      subject: 'MFA auf Ihrem neuen Telefon einrichten',
    },
    start: {
      byPhone: 'Neuregistrierung starten (im Gespräch mit der Person)',
      byEmail: 'Neuregistrierung starten (per E-Mail)',
      text: 'Ein Link geht an {login}. Damit und mit ihrem Passwort richtet die Person das neue Telefon ein; Sie sehen nie einen Code oder Schlüssel und geben keinen weiter.',
      reasonExample: 'Neues Telefon',
      revoke: 'Telefon verloren oder gestohlen: altes Telefon sofort sperren',
      revokeExplain:
        'Normalerweise funktioniert das alte Telefon weiter, bis das neue bestätigt ist, damit die Person nie ausgesperrt ist. Kreuzen Sie dies an, wenn jemand anderes das alte Telefon haben könnte: Seine Codes gelten sofort nicht mehr, und bis das neue Telefon eingerichtet ist, meldet sich das Konto nur mit dem Passwort an.',
      submit: 'Link an {login} senden',
    },
    ticket: {
      title: 'Neuregistrierung {ticket}',
      byPhone: 'Per Telefon',
      byEmail: 'Per E-Mail',
      meta: '{channel} · gestartet von {agent} · „{reason}“',
      revoked: ' · altes Telefon beim Start gesperrt',
      waitingNow: ' (darauf wird gerade gewartet)',
      start: 'Start',
      afterStart: '{duration} nach dem Start',
      waiting: 'wartet…',
      takenSoFar: 'Bisher gedauert',
      took: 'Gedauert',
      expired: 'Abgelaufen',
      worksUntil: 'Link gültig bis',
      emailsSent: 'Gesendete Links',
      paused: 'Live-Aktualisierung unterbrochen ({problem}); neuer Versuch…',
      resend: 'Link erneut senden',
      cancel: 'Neuregistrierung abbrechen',
    },
  },
  disableChecks: {
    passed: {
      from_single_header: 'Die Nachricht hat genau eine From-Kopfzeile.',
      from_single_mailbox: 'Die From-Kopfzeile nennt genau einen Absender.',
      from_address_syntax: 'Die Absenderadresse ist eine gültige E-Mail-Adresse.',
      hidden_characters: 'Der Absender enthält keine unsichtbaren oder die Schreibrichtung ändernden Zeichen.',
      encoded_word_trick: 'Die From-Kopfzeile verbirgt nichts in kodiertem Text (RFC 2047).',
      confusable_characters: 'Die Absenderadresse enthält keine Zeichen, die den Login nachahmen.',
      mixed_scripts: 'Jeder Teil der Absenderadresse ist in einem einzigen Alphabet geschrieben.',
      punycode_lookalike: 'Die Absenderdomain ist keine kodierte (Punycode-)Nachahmung der Login-Domain.',
      display_name_address: 'Der Anzeigename zeigt nicht den Login über einer anderen Adresse.',
      plus_address_variant: 'Der Absender ist keine Plus-Variante des Logins.',
      address_matches_login: 'Der Absender {sender} ist der Login des Kontos.',
      dkim_aligned: 'Die Nachricht ist per DKIM von der Domain oder Organisation des Absenders signiert, und die Signatur ist gültig.',
      dmarc_trusted_receiver: 'Unser eigener Mailserver hat für die Domain des Absenders ein DMARC-Pass festgehalten.',
      authenticated: 'Es ist belegt, dass die Nachricht von der Domain des Absenders kommt.',
      addressed_to_support: 'Die Nachricht ist in To oder Cc an eine Support-Adresse gerichtet.',
      support_address_signed: 'Die Kopfzeile, die den Support nennt, ist von der Signatur abgedeckt.',
      date_signed: 'Die Date-Kopfzeile ist von der Signatur abgedeckt.',
      date_not_in_future: 'Die Nachricht ist nicht in die Zukunft datiert.',
      date_within_max_age: 'Die Nachricht wurde innerhalb der erlaubten Tage gesendet.',
      message_not_reused: 'Diese Nachricht hat noch kein Ausschalten von MFA belegt.',
    },
    amount: {
      days: '{n} Tag | {n} Tage',
      minutes: '{n} Minute | {n} Minuten',
    },
    detailed: {
      passed: {
        dkim_aligned:
          'Die Nachricht ist per DKIM von {signer} signiert, der Domain oder Organisation des Absenders, und die Signatur ist gültig.',
        dmarc_trusted_receiver: 'Unser Mailserver {server} hat für {domain} ein DMARC-Pass festgehalten.',
        authenticated: 'Es ist belegt, dass die Nachricht von {domain} kommt.',
        addressed_to_support: 'Die Nachricht ist in {header} an den Support ({support}) gerichtet.',
        date_signed: 'Die Date-Kopfzeile ({date}) ist durch eine Signatur oder unseren Mailserver verbürgt.',
        date_within_max_age: 'Die Nachricht wurde am {date} gesendet, innerhalb der erlaubten Frist ({maxDays}).',
      },
      failed: {
        from_single_header: 'Die Nachricht hat {count} From-Kopfzeilen; eine echte Nachricht hat genau eine.',
        from_single_mailbox: 'Die From-Kopfzeile nennt {count} Absender ({senders}); eine Anfrage muss von einem kommen.',
        dkim_aligned:
          'Die Nachricht trägt eine DKIM-Signatur von {signer}, aber keine gültige Signatur der Absenderdomain {domain} deckt die ganze Nachricht ab.',
        dmarc_trusted_receiver:
          'Die oberste Authentication-Results-Kopfzeile stammt von {server}, keinem unserer vertrauenswürdigen Mailserver; Kopfzeilen darunter werden ignoriert, weil ein Absender sie schreiben kann.',
        authenticated: 'Nichts belegt, dass die Nachricht von {domain} kommt: Diese From-Adresse kann jeder eintippen.',
        addressed_to_support:
          'Die Nachricht ist an {recipients} gerichtet, nicht an den Support ({support}): Sie ist keine Anfrage an den Support.',
        date_not_in_future:
          'Die Nachricht ist auf den {date} datiert, {minutes} vor der Uhr dieses Servers (Uhren dürfen um {skewMinutes} abweichen); eine Anfrage kann nicht aus der Zukunft kommen.',
        date_within_max_age:
          'Die Nachricht wurde am {date} gesendet und ist {days} alt, älter als erlaubt ({maxDays}). Bitten Sie die Person um eine neue Anfrage.',
        message_not_reused:
          'Diese Nachricht wurde am {usedAt} bereits zum Ausschalten von MFA verwendet; eine Nachricht belegt nur eines. Bitten Sie die Person um eine neue Anfrage.',
      },
    },
    failed: {
      from_single_header: 'Die Nachricht hat mehr als eine From-Kopfzeile (oder keine); eine echte Nachricht hat genau eine.',
      from_single_mailbox: 'Die From-Kopfzeile nennt nicht genau einen Absender; eine Anfrage muss von einem kommen.',
      from_address_syntax: 'Der Absender ist keine gültige E-Mail-Adresse.',
      hidden_characters:
        'Der Absender enthält unsichtbare oder die Schreibrichtung ändernde Zeichen, die verändern, was auf dem Bildschirm steht.',
      encoded_word_trick:
        'Die From-Kopfzeile nutzt kodierten Text (RFC 2047), der eine Adresse oder unsichtbare Zeichen vor einem schnellen Blick verbirgt.',
      confusable_characters: 'Die Absenderadresse {sender} sieht nur aus wie der Login {login}: Sie enthält nachgeahmte Zeichen.',
      mixed_scripts: 'Die Absenderadresse mischt Alphabete, ein Zeichen für gegen Doppelgänger getauschte Buchstaben.',
      punycode_lookalike: 'Die Absenderdomain ist so kodiert (Punycode), dass ein Mailprogramm sie wie die Login-Domain anzeigt.',
      display_name_address: 'Der Anzeigename zeigt eine andere Adresse, doch die Nachricht kommt in Wahrheit von {sender}.',
      plus_address_variant: 'Der Absender {sender} ist eine Plus-Variante des Logins {login}; die Regel verlangt die Login-Adresse selbst.',
      address_matches_login: 'Der Absender {sender} ist nicht der Login {login} des Kontos.',
      dkim_aligned: 'Keine gültige DKIM-Signatur der Absenderdomain deckt diese Nachricht ab.',
      dmarc_trusted_receiver: 'Kein vertrauenswürdiger Mailserver von uns hat für die Domain des Absenders ein DMARC-Pass festgehalten.',
      authenticated: 'Nichts belegt, dass die Nachricht von der Domain des Absenders kommt: Diese From-Adresse kann jeder eintippen.',
      addressed_to_support:
        'Die Nachricht ist in To oder Cc nicht an eine Support-Adresse gerichtet: Sie ist keine Anfrage an den Support.',
      support_address_signed:
        'Nichts verbürgt die Kopfzeile, die den Support nennt; die Support-Adresse könnte nachträglich eingetragen sein.',
      date_signed: 'Die Date-Kopfzeile fehlt, ist unlesbar oder nicht von einer Signatur abgedeckt; das Datum könnte geändert sein.',
      date_not_in_future: 'Die Nachricht ist in die Zukunft datiert; eine Anfrage kann nicht aus der Zukunft kommen.',
      date_within_max_age: 'Die Nachricht ist älter als die erlaubten Tage; bitten Sie die Person um eine neue Anfrage.',
      message_not_reused:
        'Diese Nachricht hat bereits ein Ausschalten von MFA belegt; eine Nachricht belegt nur eines. Bitten Sie die Person um eine neue Anfrage.',
    },
  },
};

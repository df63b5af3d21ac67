"""The best-practice catalogue: task templates as plain data.

Every template names the engine factor it raises (see ``scoring.vocabulary``), its
pillar, its effort, how often it recurs, the conditions under which it makes sense and
the activity a completed task records (the types are ``coaching.conditions``). The
data migration seeds ``coaching.TaskTemplate`` from here (update or create by slug);
staff then manage the stored rows in the admin. This module is pure: the planner and
its tests use it without a database.
"""

from __future__ import annotations

from .conditions import DAILY, ONCE, WEEKLY, Condition, Op, TemplateSpec


def _c(fact: str, op: Op, value: float | int | bool) -> Condition:
    return Condition(fact, op, value)


CATALOGUE: tuple[TemplateSpec, ...] = (
    # --- Routines: in every plan ---------------------------------------------------------
    TemplateSpec(
        slug="daily-linkedin-session",
        pillar="people",
        factor="days_active_28d",
        minutes=10,
        cadence=DAILY,
        routine=True,
        activity_kind="linkedin_session",
        title_en="Spend 10 focused minutes on LinkedIn",
        title_it="Dedica 10 minuti concentrati a LinkedIn",
        howto_en=(
            "Open LinkedIn at the same time every working day. Check your notifications and "
            "messages and answer what needs an answer, accept invitations from relevant people, "
            "and react to two or three posts from your network. Regular presence counts more "
            "than long, occasional sessions."
        ),
        howto_it=(
            "Apri LinkedIn alla stessa ora ogni giorno lavorativo. Controlla notifiche e "
            "messaggi e rispondi a ciò che richiede una risposta, accetta gli inviti delle "
            "persone pertinenti e reagisci a due o tre post della tua rete. Una presenza "
            "costante conta più di sessioni lunghe e sporadiche."
        ),
    ),
    TemplateSpec(
        slug="weekly-ssi-check",
        pillar="people",
        factor="days_active_28d",
        minutes=5,
        cadence=WEEKLY,
        routine=True,
        activity_kind="linkedin_session",
        title_en="Check your SSI and pick the pillar with the best prospects",
        title_it="Controlla il tuo SSI e scegli il pilastro più promettente",
        howto_en=(
            "Open linkedin.com/sales/ssi, record the four pillar scores here and compare them "
            "with last week. Note which pillar moved and which one is closest to a visible "
            "gain: that is where this week's effort pays back fastest."
        ),
        howto_it=(
            "Apri linkedin.com/sales/ssi, registra qui i punteggi dei quattro pilastri e "
            "confrontali con la settimana scorsa. Annota quale pilastro si è mosso e quale è "
            "più vicino a un miglioramento visibile: è lì che l'impegno di questa settimana "
            "rende di più."
        ),
    ),
    # --- Brand: complete each profile section (once) -------------------------------------
    TemplateSpec(
        slug="profile-photo",
        pillar="brand",
        factor="profile_completeness",
        minutes=10,
        cadence=ONCE,
        conditions=(_c("has_photo", "eq", False),),
        activity_kind="profile_update",
        title_en="Add a professional profile photo",
        title_it="Aggiungi una foto profilo professionale",
        howto_en=(
            "Use a recent, well-lit photo where your face fills about 60% of the frame, with a "
            "plain background and the clothes you wear with clients. Profiles with a photo get "
            "far more views and accepted invitations."
        ),
        howto_it=(
            "Usa una foto recente e ben illuminata in cui il volto occupi circa il 60% "
            "dell'inquadratura, con uno sfondo neutro e l'abbigliamento che indossi con i "
            "clienti. I profili con foto ricevono molte più visite e inviti accettati."
        ),
    ),
    TemplateSpec(
        slug="profile-banner",
        pillar="brand",
        factor="profile_completeness",
        minutes=15,
        cadence=ONCE,
        conditions=(_c("has_banner", "eq", False),),
        activity_kind="profile_update",
        title_en="Add a background banner that says what you do",
        title_it="Aggiungi un'immagine di copertina che dica cosa fai",
        howto_en=(
            "Replace the default background with a 1584x396 image: your company's banner or a "
            "simple design with one line on the value you bring to clients. Keep text away "
            "from the bottom left, where your photo covers it."
        ),
        howto_it=(
            "Sostituisci lo sfondo predefinito con un'immagine 1584x396: il banner della tua "
            "azienda o una grafica semplice con una frase sul valore che porti ai clienti. "
            "Tieni il testo lontano dall'angolo in basso a sinistra, coperto dalla foto."
        ),
    ),
    TemplateSpec(
        slug="profile-headline",
        pillar="brand",
        factor="profile_completeness",
        minutes=15,
        cadence=ONCE,
        conditions=(_c("has_headline", "eq", False),),
        activity_kind="profile_update",
        title_en="Write a headline that says whom you help and how",
        title_it="Scrivi un titolo che dica chi aiuti e come",
        howto_en=(
            "Go beyond your job title: 'I help [whom] to [result] with [how]'. Use the words "
            "your buyers search for, since the headline follows you in every comment, search "
            "result and invitation."
        ),
        howto_it=(
            "Vai oltre il nome del ruolo: 'Aiuto [chi] a [risultato] con [come]'. Usa le parole "
            "che i tuoi clienti cercano: il titolo ti accompagna in ogni commento, risultato di "
            "ricerca e invito."
        ),
    ),
    TemplateSpec(
        slug="profile-summary",
        pillar="brand",
        factor="profile_completeness",
        minutes=30,
        cadence=ONCE,
        conditions=(_c("summary_length", "lt", 300),),
        activity_kind="profile_update",
        title_en="Write an About section of at least 300 characters",
        title_it="Scrivi una sezione Informazioni di almeno 300 caratteri",
        howto_en=(
            "Write in the first person for your buyer, not for a recruiter: the problems you "
            "solve, for whom, one or two concrete results, and how to contact you. The first "
            "two lines show before 'see more', so open with the value."
        ),
        howto_it=(
            "Scrivi in prima persona per il tuo cliente, non per un selezionatore: i problemi "
            "che risolvi, per chi, uno o due risultati concreti e come contattarti. Le prime "
            "due righe si vedono prima di 'altro': apri con il valore."
        ),
    ),
    TemplateSpec(
        slug="profile-current-position",
        pillar="brand",
        factor="profile_completeness",
        minutes=10,
        cadence=ONCE,
        conditions=(_c("has_current_position", "eq", False),),
        activity_kind="profile_update",
        title_en="Add your current position, linked to your company page",
        title_it="Aggiungi la posizione attuale collegata alla pagina aziendale",
        howto_en=(
            "Pick your company from the list so that its logo appears and colleagues find you. "
            "Describe in two or three lines what you do for clients, not your internal duties."
        ),
        howto_it=(
            "Scegli l'azienda dall'elenco, così compare il logo e i colleghi ti trovano. "
            "Descrivi in due o tre righe cosa fai per i clienti, non le mansioni interne."
        ),
    ),
    TemplateSpec(
        slug="profile-past-positions",
        pillar="brand",
        factor="profile_completeness",
        minutes=20,
        cadence=ONCE,
        conditions=(_c("past_positions", "lt", 2),),
        activity_kind="profile_update",
        title_en="Add at least two past positions",
        title_it="Aggiungi almeno due esperienze passate",
        howto_en=(
            "Add your previous roles with dates and one line of results each. Past employers "
            "bring you up in former colleagues' searches and show the path behind your "
            "expertise."
        ),
        howto_it=(
            "Aggiungi i ruoli precedenti con le date e una riga di risultati per ciascuno. Le "
            "aziende passate ti fanno comparire nelle ricerche degli ex colleghi e mostrano il "
            "percorso dietro la tua competenza."
        ),
    ),
    TemplateSpec(
        slug="profile-education",
        pillar="brand",
        factor="profile_completeness",
        minutes=10,
        cadence=ONCE,
        conditions=(_c("has_education", "eq", False),),
        activity_kind="profile_update",
        title_en="Complete the Education section",
        title_it="Completa la sezione Formazione",
        howto_en=(
            "Add your school or university and any relevant diploma or master. Alumni are a "
            "warm audience: shared schools raise invitation acceptance."
        ),
        howto_it=(
            "Aggiungi la scuola o l'università ed eventuali diplomi o master pertinenti. Gli "
            "ex alunni sono un pubblico caldo: una scuola in comune aumenta l'accettazione "
            "degli inviti."
        ),
    ),
    TemplateSpec(
        slug="profile-skills",
        pillar="brand",
        factor="profile_completeness",
        minutes=10,
        cadence=ONCE,
        conditions=(_c("skills_count", "lt", 5),),
        activity_kind="profile_update",
        title_en="List at least five skills your buyers care about",
        title_it="Elenca almeno cinque competenze che interessano ai tuoi clienti",
        howto_en=(
            "Add five or more skills and pin the three most relevant to your buyers at the "
            "top: those are the ones people endorse and the ones search matches."
        ),
        howto_it=(
            "Aggiungi cinque o più competenze e fissa in alto le tre più rilevanti per i tuoi "
            "clienti: sono quelle che le persone confermano e quelle che la ricerca trova."
        ),
    ),
    TemplateSpec(
        slug="profile-featured",
        pillar="brand",
        factor="profile_completeness",
        minutes=15,
        cadence=ONCE,
        conditions=(_c("has_featured", "eq", False),),
        activity_kind="profile_update",
        title_en="Feature your best proof of expertise",
        title_it="Metti in evidenza la tua prova di competenza migliore",
        howto_en=(
            "In the Featured section pin a case study, a short guide, a client testimonial or "
            "your most useful post. It is the first thing visitors see under your About."
        ),
        howto_it=(
            "Nella sezione In primo piano fissa un caso di studio, una breve guida, una "
            "testimonianza di un cliente o il tuo post più utile. È la prima cosa che i "
            "visitatori vedono sotto le Informazioni."
        ),
    ),
    TemplateSpec(
        slug="profile-custom-url",
        pillar="brand",
        factor="profile_completeness",
        minutes=5,
        cadence=ONCE,
        conditions=(_c("has_custom_url", "eq", False),),
        activity_kind="profile_update",
        title_en="Claim a custom profile URL",
        title_it="Personalizza l'URL del tuo profilo",
        howto_en=(
            "Under 'Edit public profile & URL' change the address to your name "
            "(linkedin.com/in/first-last) and use it in your e-mail signature and proposals."
        ),
        howto_it=(
            "In 'Modifica profilo pubblico e URL' cambia l'indirizzo con il tuo nome "
            "(linkedin.com/in/nome-cognome) e usalo nella firma e-mail e nelle offerte."
        ),
    ),
    TemplateSpec(
        slug="profile-certifications",
        pillar="brand",
        factor="profile_completeness",
        minutes=15,
        cadence=ONCE,
        conditions=(_c("certifications", "lt", 1),),
        activity_kind="profile_update",
        title_en="Add your licences and certifications",
        title_it="Aggiungi licenze e certificazioni",
        howto_en=(
            "Add the certifications that matter to your clients, with the issuer and a link to "
            "the credential: a third party vouching for you is stronger than any claim."
        ),
        howto_it=(
            "Aggiungi le certificazioni che contano per i tuoi clienti, con l'ente e il link "
            "alla credenziale: un terzo che garantisce per te vale più di qualsiasi "
            "affermazione."
        ),
    ),
    # --- Brand: keep the profile current, proof and publishing ---------------------------
    TemplateSpec(
        slug="profile-refresh",
        pillar="brand",
        factor="profile_updated_90d",
        minutes=15,
        cadence=WEEKLY,
        conditions=(_c("profile_age_days", "gte", 75),),
        activity_kind="profile_update",
        title_en="Update your profile with what changed in your work",
        title_it="Aggiorna il profilo con le novità del tuo lavoro",
        howto_en=(
            "Your experience evolves: add a recent result to your current position, a new "
            "skill, a fresh featured item or a new certification. A profile that moves with you "
            "signals that you are active."
        ),
        howto_it=(
            "La tua esperienza evolve: aggiungi un risultato recente alla posizione attuale, "
            "una nuova competenza, un nuovo elemento in primo piano o una nuova "
            "certificazione. Un profilo che cresce con te segnala che sei attivo."
        ),
    ),
    TemplateSpec(
        slug="ask-recommendation",
        pillar="brand",
        factor="recommendations_received",
        minutes=15,
        cadence=WEEKLY,
        conditions=(_c("recommendations_received", "lt", 5),),
        activity_kind="message_sent",
        title_en="Ask a satisfied client or colleague for a recommendation",
        title_it="Chiedi una referenza a un cliente o collega soddisfatto",
        howto_en=(
            "Pick someone you recently helped and send a personal request through "
            "'Ask for a recommendation'. Remind them of the project and suggest what they could "
            "mention (the problem, your approach, the result); it makes writing easy."
        ),
        howto_it=(
            "Scegli qualcuno che hai aiutato di recente e invia una richiesta personale con "
            "'Chiedi una referenza'. Ricordagli il progetto e suggerisci cosa potrebbe "
            "citare (il problema, il tuo approccio, il risultato): così scrivere è facile."
        ),
    ),
    TemplateSpec(
        slug="ask-endorsements",
        pillar="brand",
        factor="endorsements_received",
        minutes=10,
        cadence=WEEKLY,
        conditions=(_c("endorsements_received", "lt", 50),),
        activity_kind="message_sent",
        activity_count=3,
        title_en="Ask three people who know your work to endorse your top skill",
        title_it="Chiedi a tre persone che conoscono il tuo lavoro di confermare la tua "
        "competenza principale",
        howto_en=(
            "Write to three colleagues or clients who have seen you at work and ask them to "
            "endorse one specific skill pinned at the top of your profile. Offer to do the same "
            "for them."
        ),
        howto_it=(
            "Scrivi a tre colleghi o clienti che ti hanno visto all'opera e chiedi di "
            "confermare una competenza precisa fissata in cima al profilo. Offriti di fare "
            "lo stesso per loro."
        ),
    ),
    TemplateSpec(
        slug="publish-niche-post",
        pillar="brand",
        factor="posts_28d",
        minutes=30,
        cadence=WEEKLY,
        per_week=2,
        activity_kind="post",
        title_en="Publish a post in your niche",
        title_it="Pubblica un post sulla tua nicchia",
        howto_en=(
            "Write for one type of buyer about one problem they have: a lesson from a recent "
            "project, a common mistake, or a question you hear from clients. Open with a line "
            "that makes them stop, keep it short, end with a question, and answer every comment "
            "in the first hour."
        ),
        howto_it=(
            "Scrivi per un solo tipo di cliente su un solo problema che ha: una lezione da un "
            "progetto recente, un errore frequente o una domanda che senti dai clienti. Apri con "
            "una frase che lo fermi, resta breve, chiudi con una domanda e rispondi a ogni "
            "commento nella prima ora."
        ),
    ),
    TemplateSpec(
        slug="publish-article",
        pillar="brand",
        factor="articles_90d",
        minutes=90,
        cadence=WEEKLY,
        activity_kind="article",
        title_en="Publish a long-form article on a question your clients ask",
        title_it="Pubblica un articolo su una domanda che i clienti ti fanno",
        howto_en=(
            "Take the question you answer most often in meetings and answer it properly in "
            "600-1,000 words with headings, an example and a clear takeaway. Share it with a "
            "short post and send it to the prospects who asked."
        ),
        howto_it=(
            "Prendi la domanda a cui rispondi più spesso negli incontri e rispondi per bene in "
            "600-1.000 parole, con sottotitoli, un esempio e una conclusione chiara. "
            "Condividilo con un breve post e invialo ai potenziali clienti che te l'hanno "
            "chiesto."
        ),
    ),
    TemplateSpec(
        slug="share-proof-document",
        pillar="brand",
        factor="media_90d",
        minutes=45,
        cadence=WEEKLY,
        activity_kind="media",
        title_en="Share a document that proves your skills",
        title_it="Condividi un documento che dimostri le tue competenze",
        howto_en=(
            "Turn real work into a PDF carousel or short video: a checklist you use, an "
            "anonymised case study, a before-and-after. Documents show competence that claims "
            "cannot, and they stay useful in your Featured section."
        ),
        howto_it=(
            "Trasforma un lavoro reale in un carosello PDF o in un breve video: una checklist "
            "che usi, un caso di studio anonimo, un prima e dopo. I documenti mostrano "
            "competenze che le parole non possono dimostrare e restano utili nella sezione In "
            "primo piano."
        ),
    ),
    # --- People: find the right people ---------------------------------------------------
    TemplateSpec(
        slug="define-target-market",
        pillar="people",
        factor="target_market_share",
        minutes=10,
        cadence=ONCE,
        conditions=(_c("has_target_market", "eq", False),),
        title_en="Write down your target market",
        title_it="Definisci il tuo mercato obiettivo",
        howto_en=(
            "In your settings list the industries, companies and keywords of the buyers you "
            "want to reach, one per line. Every search and invitation this programme suggests "
            "starts from this list."
        ),
        howto_it=(
            "Nelle impostazioni elenca settori, aziende e parole chiave dei clienti che vuoi "
            "raggiungere, uno per riga. Ogni ricerca e ogni invito suggerito dal programma "
            "parte da questo elenco."
        ),
    ),
    TemplateSpec(
        slug="targeted-searches",
        pillar="people",
        factor="searches_28d",
        minutes=10,
        cadence=DAILY,
        activity_kind="search",
        activity_count=5,
        title_en="Run five targeted people searches",
        title_it="Fai cinque ricerche mirate di persone",
        howto_en=(
            "Search for your buyer persona with filters: job title, industry, location, "
            "company. Open the most relevant profiles and note who to contact; searching and "
            "viewing profiles is how LinkedIn sees that you look for the right people."
        ),
        howto_it=(
            "Cerca il tuo cliente tipo con i filtri: ruolo, settore, località, azienda. Apri i "
            "profili più pertinenti e annota chi contattare: cercare e visitare profili è il "
            "modo in cui LinkedIn vede che cerchi le persone giuste."
        ),
    ),
    TemplateSpec(
        slug="find-decision-makers",
        pillar="people",
        factor="decision_maker_share",
        minutes=20,
        cadence=WEEKLY,
        activity_kind="invitation_sent",
        activity_count=5,
        title_en="Invite five decision makers from your target accounts",
        title_it="Invita cinque decisori delle aziende obiettivo",
        howto_en=(
            "Use the seniority filter (director, VP, owner, CXO) on your target companies, "
            "read each profile, and send five invitations with a personal note that refers to "
            "something they posted or their company's news. No pitch in the invitation."
        ),
        howto_it=(
            "Usa il filtro per livello (direttore, VP, titolare, CXO) sulle aziende obiettivo, "
            "leggi ogni profilo e invia cinque inviti con una nota personale che richiami un "
            "loro post o una notizia dell'azienda. Nessuna proposta commerciale nell'invito."
        ),
    ),
    TemplateSpec(
        slug="connect-target-market",
        pillar="people",
        factor="target_market_share",
        minutes=20,
        cadence=WEEKLY,
        activity_kind="invitation_sent",
        activity_count=5,
        title_en="Connect with five people in your target market",
        title_it="Collegati con cinque persone del tuo mercato obiettivo",
        howto_en=(
            "Pick five people from this week's searches who match your target industries and "
            "companies. Invite them with a note on why you want to connect: a shared "
            "interest, a group, a post of theirs."
        ),
        howto_it=(
            "Scegli cinque persone dalle ricerche di questa settimana che rientrano nei tuoi "
            "settori e aziende obiettivo. Invitale con una nota sul perché vuoi collegarti: un "
            "interesse comune, un gruppo, un loro post."
        ),
    ),
    TemplateSpec(
        slug="connect-sector-experts",
        pillar="people",
        factor="connections",
        minutes=15,
        cadence=WEEKLY,
        activity_kind="invitation_sent",
        activity_count=3,
        title_en="Connect with three recognised experts of your sector",
        title_it="Collegati con tre esperti riconosciuti del tuo settore",
        howto_en=(
            "Find people whose posts your buyers read: analysts, authors, speakers of your "
            "sector. Follow them, comment on a recent post, then invite them mentioning it. "
            "Their content in your feed gives you things worth commenting on."
        ),
        howto_it=(
            "Trova le persone i cui post vengono letti dai tuoi clienti: analisti, autori, "
            "relatori del tuo settore. Seguili, commenta un loro post recente e poi invitali "
            "citandolo. I loro contenuti nel feed ti danno spunti su cui vale la pena "
            "commentare."
        ),
    ),
    TemplateSpec(
        slug="profile-viewers-follow-up",
        pillar="people",
        factor="connections",
        minutes=10,
        cadence=WEEKLY,
        activity_kind="invitation_sent",
        activity_count=2,
        title_en="Reach out to relevant people who viewed your profile",
        title_it="Contatta le persone pertinenti che hanno visitato il tuo profilo",
        howto_en=(
            "Open 'Who viewed your profile' and invite the relevant visitors you are not yet "
            "connected with: they already know your name, so a short, friendly note is "
            "enough."
        ),
        howto_it=(
            "Apri 'Chi ha visitato il tuo profilo' e invita i visitatori pertinenti con cui "
            "non sei ancora collegato: conoscono già il tuo nome, basta una nota breve e "
            "cordiale."
        ),
    ),
    TemplateSpec(
        slug="follow-target-companies",
        pillar="people",
        factor="companies_followed",
        minutes=10,
        cadence=WEEKLY,
        conditions=(_c("companies_followed", "lt", 10),),
        activity_kind="company_follow",
        activity_count=3,
        title_en="Follow three of your target companies",
        title_it="Segui tre aziende obiettivo",
        howto_en=(
            "Follow the company pages of three accounts you want to win. Their news, hires "
            "and posts become reasons to get in touch and material for useful comments."
        ),
        howto_it=(
            "Segui le pagine aziendali di tre clienti che vuoi conquistare. Le loro notizie, "
            "assunzioni e post diventano motivi per entrare in contatto e spunti per commenti "
            "utili."
        ),
    ),
    # --- Insights: engage with insights --------------------------------------------------
    TemplateSpec(
        slug="comment-opinion-posts",
        pillar="insights",
        factor="comments_28d",
        minutes=15,
        cadence=DAILY,
        activity_kind="comment",
        activity_count=2,
        activity_words=20,
        title_en="Comment usefully on two posts that ask for an opinion",
        title_it="Commenta in modo utile due post che chiedono un parere",
        howto_en=(
            "Look for posts by buyers or experts that end with a question. Answer it with your "
            "own view and one example from your experience, in at least twenty words. Never "
            "'Great post!'; a comment that adds something gets replies and profile views."
        ),
        howto_it=(
            "Cerca post di clienti o esperti che si chiudono con una domanda. Rispondi con la "
            "tua opinione e un esempio dalla tua esperienza, in almeno venti parole. Mai "
            "'Ottimo post!': un commento che aggiunge qualcosa riceve risposte e visite al "
            "profilo."
        ),
    ),
    TemplateSpec(
        slug="substantive-comment",
        pillar="insights",
        factor="words_per_comment_90d",
        minutes=15,
        cadence=WEEKLY,
        per_week=2,
        activity_kind="comment",
        activity_words=40,
        title_en="Write one in-depth comment under an industry discussion",
        title_it="Scrivi un commento approfondito in una discussione del settore",
        howto_en=(
            "Choose a discussion in your niche and write a comment of forty words or more: "
            "agree or disagree with a reason, add a figure, a source or a practical tip. Long, "
            "thoughtful comments are read as insight, not noise."
        ),
        howto_it=(
            "Scegli una discussione della tua nicchia e scrivi un commento di almeno quaranta "
            "parole: d'accordo o no, con una motivazione, un dato, una fonte o un consiglio "
            "pratico. I commenti lunghi e ragionati vengono letti come competenza, non come "
            "rumore."
        ),
    ),
    TemplateSpec(
        slug="react-to-network",
        pillar="insights",
        factor="reactions_28d",
        minutes=5,
        cadence=DAILY,
        activity_kind="reaction",
        activity_count=5,
        title_en="React to five posts from clients and prospects",
        title_it="Reagisci a cinque post di clienti e potenziali clienti",
        howto_en=(
            "Scroll your feed and react to five posts by clients, prospects or colleagues, "
            "choosing the reaction that fits (insightful, celebrate, support). It takes a "
            "minute and keeps you visible to them."
        ),
        howto_it=(
            "Scorri il feed e reagisci a cinque post di clienti, potenziali clienti o "
            "colleghi, scegliendo la reazione adatta (interessante, festeggia, sostegno). "
            "Richiede un minuto e ti mantiene visibile ai loro occhi."
        ),
    ),
    TemplateSpec(
        slug="reshare-with-insight",
        pillar="insights",
        factor="reshares_28d",
        minutes=15,
        cadence=WEEKLY,
        activity_kind="share",
        title_en="Reshare a relevant post with your own commentary",
        title_it="Ricondividi un post pertinente con un tuo commento",
        howto_en=(
            "Reshare a post or article your buyers should see and add three or four lines of "
            "your own: why it matters for them and what you would do about it. A bare repost "
            "says nothing about you."
        ),
        howto_it=(
            "Ricondividi un post o un articolo che i tuoi clienti dovrebbero vedere e aggiungi "
            "tre o quattro righe tue: perché è importante per loro e cosa faresti. Una "
            "semplice ricondivisione non dice nulla di te."
        ),
    ),
    TemplateSpec(
        slug="join-sector-groups",
        pillar="insights",
        factor="group_engagement_90d",
        minutes=15,
        cadence=ONCE,
        title_en="Join two active groups where your buyers talk",
        title_it="Iscriviti a due gruppi attivi dove parlano i tuoi clienti",
        howto_en=(
            "Search groups by your sector's keywords and pick two with recent posts and real "
            "discussion (not just links). Read the rules and introduce yourself when the group "
            "invites it."
        ),
        howto_it=(
            "Cerca gruppi con le parole chiave del tuo settore e scegline due con post recenti "
            "e discussioni vere (non solo link). Leggi il regolamento e presentati se il gruppo "
            "lo prevede."
        ),
    ),
    TemplateSpec(
        slug="group-contribute",
        pillar="insights",
        factor="group_engagement_90d",
        minutes=20,
        cadence=WEEKLY,
        activity_kind="group_comment",
        activity_count=2,
        title_en="Take part in two group discussions",
        title_it="Partecipa a due discussioni nei gruppi",
        howto_en=(
            "In your groups answer two questions where you have real experience. Help first: "
            "no links to your offer. Members who notice useful answers look at your profile."
        ),
        howto_it=(
            "Nei tuoi gruppi rispondi a due domande su cui hai esperienza reale. Prima aiuta: "
            "nessun link alla tua offerta. I membri che notano risposte utili guardano il tuo "
            "profilo."
        ),
    ),
    TemplateSpec(
        slug="group-start-discussion",
        pillar="insights",
        factor="group_engagement_90d",
        minutes=20,
        cadence=WEEKLY,
        activity_kind="group_post",
        title_en="Start a discussion in one of your groups",
        title_it="Avvia una discussione in uno dei tuoi gruppi",
        howto_en=(
            "Post an open question about a trend or a problem in your sector and say what you "
            "think about it. Reply to every answer: a discussion you host makes you a familiar "
            "name in the group."
        ),
        howto_it=(
            "Pubblica una domanda aperta su una tendenza o un problema del tuo settore e dì "
            "cosa ne pensi. Rispondi a ogni intervento: una discussione che animi fa di te un "
            "nome noto nel gruppo."
        ),
    ),
    TemplateSpec(
        slug="follow-up-messages",
        pillar="insights",
        factor="messages_sent_28d",
        minutes=20,
        cadence=WEEKLY,
        activity_kind="message_sent",
        activity_count=5,
        title_en="Send five personal messages to recent connections",
        title_it="Invia cinque messaggi personali ai collegamenti recenti",
        howto_en=(
            "Write to five people who accepted your invitation recently: thank them, mention "
            "what you have in common and share something useful to them (an article, an "
            "event). No sales pitch in the first message."
        ),
        howto_it=(
            "Scrivi a cinque persone che hanno accettato di recente il tuo invito: "
            "ringraziale, cita ciò che avete in comune e condividi qualcosa di utile per loro "
            "(un articolo, un evento). Nessuna proposta commerciale nel primo messaggio."
        ),
    ),
    TemplateSpec(
        slug="learning-course",
        pillar="insights",
        factor="learning_90d",
        minutes=60,
        cadence=WEEKLY,
        activity_kind="learning_completed",
        title_en="Complete a short course on selling or your sector",
        title_it="Completa un breve corso sulla vendita o sul tuo settore",
        howto_en=(
            "Finish a LinkedIn Learning course (an hour or less) on social selling, "
            "negotiation or a trend in your clients' industry, and add the certificate to your "
            "profile."
        ),
        howto_it=(
            "Completa un corso LinkedIn Learning (un'ora o meno) su social selling, "
            "negoziazione o una tendenza del settore dei tuoi clienti, e aggiungi il "
            "certificato al profilo."
        ),
    ),
    # --- Relationships: build relationships ----------------------------------------------
    TemplateSpec(
        slug="grow-network-daily",
        pillar="relationships",
        factor="new_connections_90d",
        minutes=10,
        cadence=DAILY,
        activity_kind="invitation_sent",
        activity_count=2,
        title_en="Send two personalised invitations",
        title_it="Invia due inviti personalizzati",
        howto_en=(
            "Grow the network steadily rather than in bursts: two relevant, personalised "
            "invitations a day make ten a week. Mention why you want to connect; personal notes "
            "are accepted far more often."
        ),
        howto_it=(
            "Fai crescere la rete con costanza, non a ondate: due inviti pertinenti e "
            "personalizzati al giorno fanno dieci a settimana. Scrivi perché vuoi collegarti: "
            "gli inviti con una nota personale vengono accettati molto più spesso."
        ),
    ),
    TemplateSpec(
        slug="withdraw-stale-invitations",
        pillar="relationships",
        factor="acceptance_rate",
        minutes=10,
        cadence=WEEKLY,
        conditions=(_c("pending_invitations", "gte", 20),),
        title_en="Withdraw invitations pending for more than two weeks",
        title_it="Ritira gli inviti in attesa da più di due settimane",
        howto_en=(
            "Open My Network > Manage > Sent and withdraw invitations older than two weeks. "
            "Old pending invitations lower your acceptance rate; next time add a personal note "
            "to the people you still want to reach."
        ),
        howto_it=(
            "Apri Rete > Gestisci > Inviati e ritira gli inviti più vecchi di due settimane. "
            "Gli inviti in sospeso abbassano il tasso di accettazione; la prossima volta "
            "aggiungi una nota personale per le persone che vuoi ancora raggiungere."
        ),
    ),
    TemplateSpec(
        slug="warm-invitations",
        pillar="relationships",
        factor="acceptance_rate",
        minutes=15,
        cadence=WEEKLY,
        conditions=(_c("acceptance_rate", "lt", 0.7),),
        activity_kind="invitation_sent",
        activity_count=3,
        title_en="Invite three people you have already interacted with",
        title_it="Invita tre persone con cui hai già interagito",
        howto_en=(
            "Invite people who commented on your posts, met you at an event or share a group "
            "with you, and say where you met. Warm invitations are accepted far more often "
            "than cold ones and lift your acceptance rate."
        ),
        howto_it=(
            "Invita persone che hanno commentato i tuoi post, ti hanno incontrato a un evento "
            "o condividono un gruppo con te, e ricorda dove vi siete conosciuti. Gli inviti "
            "caldi vengono accettati molto più spesso di quelli a freddo e alzano il tasso di "
            "accettazione."
        ),
    ),
    TemplateSpec(
        slug="connect-senior-leaders",
        pillar="relationships",
        factor="decision_maker_connections",
        minutes=20,
        cadence=WEEKLY,
        activity_kind="invitation_sent",
        activity_count=3,
        title_en="Connect with three senior leaders (VP and above)",
        title_it="Collegati con tre dirigenti di alto livello (VP e oltre)",
        howto_en=(
            "Engage first: comment on a post by three VPs or owners in your market, then invite "
            "them referring to that exchange. Senior connections weigh most in this pillar and "
            "open doors inside their companies."
        ),
        howto_it=(
            "Prima interagisci: commenta un post di tre VP o titolari del tuo mercato, poi "
            "invitali richiamando quello scambio. I collegamenti di alto livello pesano di più "
            "in questo pilastro e aprono porte nelle loro aziende."
        ),
    ),
    TemplateSpec(
        slug="start-conversations",
        pillar="relationships",
        factor="conversations_90d",
        minutes=20,
        cadence=WEEKLY,
        activity_kind="message_sent",
        activity_count=3,
        title_en="Start three real conversations",
        title_it="Avvia tre conversazioni vere",
        howto_en=(
            "Write to three connections with a genuine question about their work or a comment "
            "on their latest news. A relationship is a conversation both sides take part in: "
            "keep the exchange going when they answer."
        ),
        howto_it=(
            "Scrivi a tre collegamenti con una domanda sincera sul loro lavoro o un commento "
            "sulla loro ultima novità. Una relazione è una conversazione a cui partecipano "
            "entrambi: porta avanti lo scambio quando rispondono."
        ),
    ),
    TemplateSpec(
        slug="congratulate-network",
        pillar="relationships",
        factor="conversations_90d",
        minutes=10,
        cadence=WEEKLY,
        activity_kind="message_sent",
        activity_count=3,
        title_en="Congratulate three contacts on their news",
        title_it="Congratulati con tre contatti per le loro novità",
        howto_en=(
            "Open the notifications for new jobs, work anniversaries and promotions and send a "
            "personal message (not the pre-written one) to three clients or prospects. It is "
            "the easiest way to restart a quiet relationship."
        ),
        howto_it=(
            "Apri le notifiche di nuovi incarichi, anniversari di lavoro e promozioni e invia "
            "un messaggio personale (non quello precompilato) a tre clienti o potenziali "
            "clienti. È il modo più semplice per riaccendere una relazione silenziosa."
        ),
    ),
    TemplateSpec(
        slug="endorse-colleagues",
        pillar="relationships",
        factor="endorsements_given_90d",
        minutes=10,
        cadence=WEEKLY,
        activity_kind="endorsement_given",
        activity_count=3,
        title_en="Endorse three people for skills you have seen them use",
        title_it="Conferma le competenze di tre persone che hai visto all'opera",
        howto_en=(
            "Endorse clients, partners or colleagues only for skills you can vouch for. It is "
            "a small, honest gesture that people notice and often return."
        ),
        howto_it=(
            "Conferma le competenze di clienti, partner o colleghi solo se puoi garantirle. È "
            "un gesto piccolo e sincero che le persone notano e spesso ricambiano."
        ),
    ),
    TemplateSpec(
        slug="write-recommendation",
        pillar="relationships",
        factor="endorsements_given_90d",
        minutes=20,
        cadence=WEEKLY,
        activity_kind="recommendation_given",
        title_en="Write a recommendation for someone you worked well with",
        title_it="Scrivi una referenza per qualcuno con cui hai lavorato bene",
        howto_en=(
            "Write four or five specific lines: how you worked together, what they did, the "
            "result. A genuine recommendation strengthens the relationship and shows on both "
            "profiles."
        ),
        howto_it=(
            "Scrivi quattro o cinque righe concrete: come avete lavorato insieme, cosa ha "
            "fatto, il risultato. Una referenza sincera rafforza la relazione e compare su "
            "entrambi i profili."
        ),
    ),
    TemplateSpec(
        slug="connect-coworkers",
        pillar="relationships",
        factor="coworker_connections",
        minutes=10,
        cadence=WEEKLY,
        conditions=(_c("coworker_connections", "lt", 30),),
        activity_kind="invitation_sent",
        activity_count=5,
        title_en="Connect with five colleagues at your company",
        title_it="Collegati con cinque colleghi della tua azienda",
        howto_en=(
            "Open your company page, click 'employees' and invite colleagues from marketing, "
            "product and delivery you are not yet connected with. Internal connections share "
            "your content and introduce you to their contacts."
        ),
        howto_it=(
            "Apri la pagina della tua azienda, clicca su 'dipendenti' e invita i colleghi di "
            "marketing, prodotto e operations con cui non sei ancora collegato. I collegamenti "
            "interni condividono i tuoi contenuti e ti presentano ai loro contatti."
        ),
    ),
)

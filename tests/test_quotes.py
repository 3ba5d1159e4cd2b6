"""Who said what: table-driven tests of quotes.doc_quotes on real-style news sentences."""

from __future__ import annotations

import pytest

from analysis import actors, quotes, schema
from tests import benches


def run(nlp, text: str, title: str = "") -> list[dict]:
    doc = nlp(text)
    return quotes.doc_quotes(doc, "a1", actors.doc_mentions(doc, "a1"), title=title, nlp=nlp)


# text, expected kind, quote (exact), speaker, speaker_text contains, cue
CASES = [
    ('"We will not back down from this fight," Kovalenko said.',
     "direct", "We will not back down from this fight", "Kovalenko", "Kovalenko", "say"),
    ("“The plan will fail before the winter,” said Senator Jane Doe.",
     "direct", "The plan will fail before the winter", "Jane Doe", "Jane Doe", "say"),
    ('Ms Hewitt said: "The deal is done and we are all going home."',
     "direct", "The deal is done and we are all going home.", "Hewitt", "Hewitt", "say"),
    ("Mayor Tom Brown told reporters that the bridge would reopen on Monday.",
     "indirect", "the bridge would reopen on Monday", "Tom Brown", "Tom Brown", "tell"),
    ("Oleksandr Kovalenko believes that North Korea will not start supplying weapons to Russia.",
     "indirect", "North Korea will not start supplying weapons to Russia", "Oleksandr Kovalenko", "Kovalenko",
     "believe"),
    ("According to Senator John Smith, the bill will pass the Senate next week.",
     "indirect", "the bill will pass the Senate next week", "John Smith", "John Smith", "according to"),
    ("In early August, the White House accused Russia of trying to buy ammunition from North Korea.",
     "indirect", "Russia of trying to buy ammunition from North Korea", "White House", "White House", "accuse"),
    ('White House spokesman John Kirby said that talks between the two countries were "actively progressing."',
     "mixed", 'talks between the two countries were "actively progressing."', "John Kirby", "John Kirby", "say"),
    ("Angela Merkel arrived in Paris on Monday. She said that the talks had gone well.",
     "indirect", "the talks had gone well", "Angela Merkel", "She", "say"),
    ("He said that the talks had gone well.",
     "indirect", "the talks had gone well", "", "He", "say"),
    ("The minister noted that prices had risen sharply since March.",
     "indirect", "prices had risen sharply since March", "", "The minister", "note"),
    # the speaker of a relative clause is its antecedent; the span stays on "who" at the cue
    ("Senator Bernie Sanders, who said the system was rigged, lost the primary in New York.",
     "indirect", "the system was rigged", "Bernie Sanders", "who", "say"),
    # a name and a colon introduce the quotation
    ("Republican pollster Daron Shaw: “Historically, lesser-known candidates beating favorites is common.”",
     "direct", "Historically, lesser-known candidates beating favorites is common.", "Daron Shaw", "Daron Shaw", ""),
    # a speech act whose content is its object
    ("On Tuesday, Senator Bernie Sanders called for a ban on assault weapons.",
     "indirect", "a ban on assault weapons", "Bernie Sanders", "Bernie Sanders", "call"),
    # a show's name in marks is no quotation; the reported clause after it is
    ("Wednesday on Fox News Channel’s “Hannity,” Newt Gingrich said the race was over.",
     "indirect", "the race was over", "Newt Gingrich", "Newt Gingrich", "say"),
    # the period of "Mr." ends no sentence: the cue after it still belongs to the quotation
    ("''Folks recognize that we have time,'' Mr. Coleman said.",
     "direct", "Folks recognize that we have time", "Coleman", "Coleman", "say"),
    # a cue after the quotation with the speaker after it: the speaker, not the quotation's last words
    ("“She needs to split the first two primaries,” added a South Carolina Democrat.",
     "direct", "She needs to split the first two primaries", "", "South Carolina Democrat", "add"),
    # an unnamed official, body or statement speaks for the state or organization named beside it (issue 17)
    ("South Korea's military said the projectile was fired from the Sunan region.",
     "indirect", "the projectile was fired from the Sunan region", "South Korea", "South Korea's military", "say"),
    ("Japanese officials said the military did not attempt to shoot down the missile.",
     "indirect", "the military did not attempt to shoot down the missile", "Japan", "Japanese officials", "say"),
    ("A White House statement said the president had been briefed.",
     "indirect", "the president had been briefed", "White House", "A White House statement", "say"),
    # analysts speak for nobody: the words as written, no actor
    ("South Korean analysts said the launch was a warning to Washington.",
     "indirect", "the launch was a warning to Washington", "", "South Korean analysts", "say"),
    # a stance is an attribution too: its object, when it says what is supported or opposed, is the content
    ("On Monday, Senator Jane Doe endorsed the presidential campaign of Ted Cruz.",
     "indirect", "the presidential campaign of Ted Cruz", "Jane Doe", "Jane Doe", "endorse"),
    ("Governor Tom Brown strongly opposes the construction of the new pipeline.",
     "indirect", "the construction of the new pipeline", "Tom Brown", "Tom Brown", "oppose"),
    ("Senator Jane Doe refused to release her tax returns.",
     "indirect", "to release her tax returns", "Jane Doe", "Jane Doe", "refuse"),
    ("The crowd chanted “Lock her up!” as the governor spoke.",
     "direct", "Lock her up!", "", "The crowd", "chant"),
    # a cue in the present tense that the tagger reads as a noun ("write", "states")
    ("“You seem to have picked a new standard out of thin air,” the two write.",
     "direct", "You seem to have picked a new standard out of thin air", "", "the two", "write"),
    # a colon hands the quotation over from a clause whose subject is the speaker
    ('Senator Jane Doe has since apologized for what happened: "That was a mistake and I am sorry."',
     "direct", "That was a mistake and I am sorry.", "Jane Doe", "Jane Doe", "apologize"),
    ('Senate leader Mitch McConnell delivered a blunt message to Trump: "Stop attacking the judge right now."',
     "direct", "Stop attacking the judge right now.", "Mitch McConnell", "Mitch McConnell", "deliver"),
    # "spoke on Wednesday" reports nothing; "spoke about the economy" does
    ("Governor Tom Brown spoke about the state of the economy on Wednesday.",
     "indirect", "the state of the economy", "Tom Brown", "Tom Brown", "speak"),
    # a noun the tagger read as a verb before the cue is part of the speaker, not a clause of its own
    ("“We know how Wyoming is going to go,” Trump senior adviser Paul Manafort conceded in an interview.",
     "direct", "We know how Wyoming is going to go", "Paul Manafort", "Paul Manafort", "concede"),
    # a cue that only closes a quotation ("read", "began"), a speaker that is a document
    ("“If she wants to be the next president, she should act like one, and come to Louisiana,” the editorial read.",
     "direct", "If she wants to be the next president, she should act like one, and come to Louisiana", "",
     "the editorial", "read"),
    # no comma or colon: the quotation is what the cue says, and ends the sentence
    ("Speaker Paul Ryan said “anti-Semitic images, they’ve got no place in a presidential campaign.”",
     "direct", "anti-Semitic images, they’ve got no place in a presidential campaign.", "Paul Ryan", "Paul Ryan",
     "say"),
    # a phrasal cue
    ("After the debate, Hillary Clinton shot back, “I suppose I could have stayed home and baked cookies.”",
     "direct", "I suppose I could have stayed home and baked cookies.", "Hillary Clinton", "Hillary Clinton",
     "shoot back"),
    # a participle after a comma speaks for the subject of the clause before it
    ("Band member Flea shared the news on social media last week, writing “Feels great to support someone I "
     "believe in.”", "direct", "Feels great to support someone I believe in.", "Flea", "Flea", "write"),
    # an inverted cue with a described speaker: the description is the speaker as written, no actor guessed
    ("“How big is that wall?” asked the boy, who was wearing a hat.",
     "direct", "How big is that wall?", "", "the boy", "ask"),
    # the speaker with a description in apposition before the cue; the day after it is no speaker
    ("“There's a severe disconnect between this White House and our military,” Flynn, a top Trump surrogate, "
     "said Thursday on MSNBC.", "direct", "There's a severe disconnect between this White House and our military",
     "Flynn", "Flynn", "say"),
    # a participle adjective is no cue and no clause ("a written statement"); the cue is "told"
    ("Trump told the Washington Post in a written statement, “I really don’t want Jeb’s endorsement, because he is "
     "a low-energy person.”", "direct", "I really don’t want Jeb’s endorsement, because he is a low-energy person.",
     "Trump", "Trump", "tell"),
    # a cue inside a relative clause describes the speaker; the cue is the verb after it
    ("“The agents involved are under a lot of pressure,” an intelligence source, who was not authorized to speak on "
     "the record, told Fox News.", "direct", "The agents involved are under a lot of pressure", "",
     "an intelligence source", "tell"),
    # the passive subject of the verb a to-infinitive cue hangs from
    ("The debate was so subdued that Donald Trump was prompted to say, “So far, I cannot believe how civil it has "
     "been up here.”", "direct", "So far, I cannot believe how civil it has been up here.", "Donald Trump", "Trump",
     "say"),
    # "From X's post:" hands the line over to X
    ("From Jeb Bush's Facebook post: “For the sake of our party and country, we must overcome the divisiveness.”",
     "direct", "For the sake of our party and country, we must overcome the divisiveness.", "Jeb Bush", "Bush", ""),
    # a newsletter's "headline - Name:" hands the line over to the quotation
    ("Pollsters agree - Carl Bialik: “Keep on contacting voters as late as possible.”",
     "direct", "Keep on contacting voters as late as possible.", "Carl Bialik", "Carl Bialik", ""),
]


@pytest.mark.parametrize(("text", "kind", "quote", "speaker", "speaker_text", "cue"), CASES)
def test_attribution(nlp, text, kind, quote, speaker, speaker_text, cue):
    rows = run(nlp, text)
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["kind"], row["quote"], row["cue"]) == (kind, quote, cue)
    assert text[row["start"]:row["end"]] == quote
    assert speaker in row["speaker"] if speaker else row["speaker"] == ""
    assert speaker_text in row["speaker_text"]
    assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker_text"]


# Longer stretches: text, quote starts, quote ends, speaker
RUNS = [
    # a cue in the middle joins the two halves into one row
    ('John Smith spoke at the rally. "It is over," he said, "and we all know it."',
     "It is over", "and we all know it.", "John Smith"),
    # a quotation running over two paragraphs; the first is left open
    ("“The first part of what I have to say is about the roads and the bridges.\n"
     "“The second part is about the schools,” Smith said.",
     "The first part", "about the schools", "Smith"),
    # the speaker is named only in the sentence before
    ('Maria Lopez spoke to reporters on Tuesday.\n"We have no plans to leave the city before the winter comes."',
     "We have no plans", "winter comes.", "Maria Lopez"),
    # a quotation that goes on after its cue is one row, its cue in the middle
    ('"We are ready," Kovalenko said. "The army has everything it needs for the winter."',
     "We are ready", "for the winter.", "Kovalenko"),
    # a new paragraph of quotation with no cue of its own goes on from the one before: one row
    ('"We are ready," Kovalenko said.\n"The army has everything it needs for the winter, and more."',
     "We are ready", "and more.", "Kovalenko"),
    # the cue sentence between two parts may be long: the speaker's titles come with it
    ("''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist who served as director of the "
     "Congressional Budget Office and is now president of the American Action Forum. ''It's anti-reform.''",
     "This isn't tax reform", "It's anti-reform.", "Douglas Holtz-Eakin"),
    # a cue in the middle with more than a few words around it
    ("“Every time you say that,” Jon Tester said, referring to the 1 percent excuse, “you give ammunition to "
     "the people who want to break up the big banks.”", "Every time you say that", "the big banks.", "Jon Tester"),
    # a name right before the cue speaks even when the parse of the sentence goes astray; a rank keeps its period
    ("The U.S. Department of Justice is investigating the shooting.\n“I will just make this promise to you: We "
     "will achieve justice in this case,” Tulsa police Chief Chuck Jordan said Monday. “I want to assure our "
     "community: We will achieve justice ― period.”", "I will just make", "justice ― period.", "Chuck Jordan"),
    ("“I fundamentally disagree,” said retired Army Lt. Gen. Mick Bednarek, who served as the chief U.S. military "
     "adviser in Iraq from 2013 to 2015. “The bottom line is it has absolutely no bearing on individuals.”",
     "I fundamentally disagree", "no bearing on individuals.", "Mick Bednarek"),
    # a short quotation that goes on after its cue is not dropped as a scare quote
    ("“Here he is, babe,” Melanie Smith said. “Donald’s here, babe.”", "Here he is", "Donald’s here, babe.",
     "Melanie Smith"),
    # "Mr." inside the cue sentence does not end it: the quotation goes on after its cue
    ('"These words matter," Mr. Allen said. "And that was unfair and a shameful thing."',
     "These words matter", "a shameful thing.", "Allen"),
]


@pytest.mark.parametrize(("text", "starts", "ends", "speaker"), RUNS)
def test_direct_quotation_runs(nlp, text, starts, ends, speaker):
    rows = [r for r in run(nlp, text) if r["quote"].startswith(starts)]
    assert len(rows) == 1, run(nlp, text)
    row = rows[0]
    assert row["kind"] == "direct"
    assert row["quote"].endswith(ends)
    assert speaker in row["speaker"]
    assert text[row["start"]:row["end"]].startswith(starts)


NOT_QUOTES = [
    'The film "Casablanca" won three awards in 1944.',
    'The so-called "peace plan" was rejected by parliament on Friday.',
    "She read “War and Peace” twice last summer.",
    "Prices rose by five percent in March.",
    "The senator's office did not respond to a request for comment.",
    "No one expects the bill to pass this year.",
    # the one asked is not the one asking: no speaker, so no row
    "Asked whether he would run again, the governor smiled.",
    "Governor Tom Brown spoke on Wednesday.",
    # the title of a book or a show after a cue is no quotation
    "Mr. Rubio said in his 2012 book, ''An American Son.''",
    "He started “The Apprentice” in 2004.",
    # a bare noun phrase or a scrap of one is not a statement (issue 17: the Quotes page lists statements)
    "On Monday, Senator Jane Doe endorsed Ted Cruz.",
    "Senator Jane Doe described Trump as a danger.",
    "North Korea's state media condemned the tubby tyrant.",
    "Kim Jong Un threatened to strike Guam.",
    # one or two words in marks with no verb say nothing on their own, cue or not
    'He described the scene as "blood everywhere".',
    'The damage was "significant," Nigerian officials said.',
]


@pytest.mark.parametrize("text", NOT_QUOTES)
def test_not_a_quotation(nlp, text):
    assert run(nlp, text) == []


def test_a_new_sentence_with_its_own_cue_is_its_own_row(nlp):
    text = '"We don\'t want them in our country," Trump said. He added, "We will build the wall."'
    rows = run(nlp, text)
    assert [(r["quote"], r["speaker_text"], r["cue"]) for r in rows] == [
        ("We don't want them in our country", "Trump", "say"), ("We will build the wall.", "He", "add")]


def test_scare_quotes_are_not_quotations(nlp):
    rows = run(nlp, 'Burton thinks cats are "cuties".')
    assert not [r for r in rows if r["kind"] in ("direct", "mixed")]


def test_transcript_turns_are_their_speakers_quotes(nlp):
    text = ('Partial transcript as follows:\n\n"(CROSSTALK.)\n\n'
            '"WALLACE: Do you really see those two as equivalent, Mark Cuban and Gennifer Flowers?\n\n'
            '"PENCE: Well, look, you know, Mark Cuban has been out there saying some pretty tough stuff.')
    rows = [r for r in run(nlp, text) if r["speaker_text"]]
    assert [(r["speaker_text"], r["quote"][:20]) for r in rows] == [
        ("WALLACE", "Do you really see th"), ("PENCE", "Well, look, you know")]
    assert all(text[r["speaker_start"]:r["speaker_end"]] == r["speaker_text"] for r in rows)


def test_a_dash_after_the_quotation_names_its_speaker(nlp):
    """Vox pops: each quotation is signed on its own line; the name before it belongs to the one before."""
    text = ("“Donald Trump scares me. Hearing him talk about communities of color makes me fearful.” ― Krystal Correa\n"
            "“He can’t even answer a question without scaring people about something else first.” ― Esther Tapia\n")
    rows = run(nlp, text)
    assert [(r["quote"][:12], r["speaker_text"]) for r in rows] == [
        ("Donald Trump", "Krystal Correa"), ("He can’t eve", "Esther Tapia")]


TITLES = [
    ("DPRK needs China's alignment on weapons supply to Russia - military expert Kovalenko",
     "DPRK needs China's alignment on weapons supply to Russia", "Oleksandr Kovalenko", "Kovalenko"),
    ("Caddell: Democrat voters are worried about the candidate's health",
     "Democrat voters are worried about the candidate's health", "Pat Caddell", "Caddell"),
    ("Stocks fall sharply in early trading - BBC News", None, None, None),
    ("Kovalenko visits the front line", None, None, None),
    ("Caddell: “We won”", "We won", "Pat Caddell", "Caddell"),
    # marks and no words claim nothing (a lone mark was once a quote ending before it began)
    ('Caddell: "', None, None, None),
    ("Caddell: “", None, None, None),
    ('Caddell: ""', None, None, None),
    ('" " " - military expert Kovalenko', None, None, None),
]


@pytest.mark.parametrize(("title", "quote", "speaker", "speaker_text"), TITLES)
def test_headline_attribution(title, quote, speaker, speaker_text):
    mentions = [{"start": 0, "end": 19, "text": "Oleksandr Kovalenko", "label": "PERSON", "actor": "Oleksandr Kovalenko",
                 "actor_type": "person", "role": "", "sentence": 0},
                {"start": 40, "end": 47, "text": "Kovalenko", "label": "PERSON", "actor": "Kovalenko",
                 "actor_type": "person", "role": "", "sentence": 1},
                {"start": 60, "end": 71, "text": "Pat Caddell", "label": "PERSON", "actor": "Pat Caddell",
                 "actor_type": "person", "role": "", "sentence": 2}]
    rows = quotes.title_quotes(title, "a1", mentions)
    if quote is None:
        assert rows == []
        return
    (row,) = rows
    assert row["in_title"] and row["quote"] == quote == title[row["start"]:row["end"]]
    assert row["speaker"] == speaker
    assert title[row["speaker_start"]:row["speaker_end"]] == speaker_text


REGIONS = [
    ('He said "yes" and left.', ["yes"]),
    ("It’s Jones’ car, and ‘the plan’ is done.", ["the plan"]),
    ("“Open quote that runs to the end", ["Open quote that runs to the end"]),
    ("Rock ’n’ roll in the ’90s, don’t worry.", []),
    ("''We finally have jobs,'' he said.", ["We finally have jobs,"]),
    # a closing mark typed the wrong way round still closes
    ("“It is unusual,“ said Noble. “It is hard.”", ["It is unusual,", "It is hard."]),
]


@pytest.mark.parametrize(("text", "inner"), REGIONS)
def test_quote_marks(text, inner):
    assert [text[r.inner_start:r.inner_end] for r in quotes.quote_regions(text)] == inner


def test_a_line_break_ends_a_sentence(nlp):
    """A headline or time stamp on its own line is not run into the sentence below it."""
    doc = nlp("The Latest: Trump wins Nevada\n\n9:34 p.m.\n\nDonald Trump said the race was over.")
    starts = [s.text.strip() for s in doc.sents]
    assert "Donald Trump said the race was over." in starts


def test_cue_lexicon_is_data():
    cues = quotes.load_cues()
    assert {"say", "tell", "note", "emphasize", "believe", "accuse", "according to"} <= set(cues)
    assert cues["believe"].cls == "thought" and not cues["believe"].direct


def test_seed_quotes_match_the_gold(seed_analysis, seed_article_id, seed_gold):
    gold = seed_gold
    found = seed_analysis.quotes[seed_analysis.quotes["article_id"] == seed_article_id]
    assert list(found.columns[:len(schema.COLUMNS["quotes"])]) == list(schema.COLUMNS["quotes"])
    body = found[~found["in_title"]]
    for q in gold["quotes"]:
        hits = body[(body["kind"] == q["kind"]) & (body["speaker"] == q["speaker"]) & (body["cue"] == q["cue"])]
        if "quote_starts" in q:
            hits = hits[hits["quote"].str.startswith(q["quote_starts"]) & hits["quote"].str.endswith(q["quote_ends"])]
        else:
            hits = hits[hits["quote"].str.contains(q["quote_contains"], regex=False)]
        assert len(hits) == 1, (q, body[["kind", "speaker", "cue", "quote"]].to_dict("records"))
    headline = found[found["in_title"]]
    assert headline["speaker"].tolist() == ["Oleksandr Kovalenko"]


@pytest.mark.slow
def test_who_said_what_on_political_news_stays_right(shared):
    """Hand-annotated attributions in 100 PolNeAR train articles (``bench/polnear.py`` reports on dev): direct
    quotes come out with the right speaker, and reported speech is found, as well as when this was written."""
    bench = benches.load("polnear")
    articles = bench.load_split("train", shared / "eval" / "polnear", limit=100)
    scores = bench.score(articles, bench.dossier_predictions(articles))
    direct_p, direct_r, direct_f1 = scores["direct"]["attribution"].prf()
    all_p, all_r, all_f1 = scores["all"]["attribution"].prf()
    assert direct_f1 >= 0.84, (direct_p, direct_r)
    assert direct_p >= 0.86, "a direct quote is given to the wrong speaker more often than before"
    assert all_f1 >= 0.63, (all_p, all_r)


# wire copy (issue 17): who speaks when the words name a spokesman, a state by pronoun, or a teaser interrupts
WIRE = [
    # a spokesman named in apposition speaks, not the ministry
    ("“China is gravely concerned,” a spokesman for the Foreign Ministry, Geng Shuang, said in the statement.",
     "China is gravely concerned", "Geng Shuang", "direct"),
    # an unnamed spokesman for a person speaks for that person
    ("A spokesman for Russian President Vladimir Putin warned the launch will cause a spike in regional tensions.",
     "the launch will cause a spike in regional tensions", "Vladimir Putin", "indirect"),
    # an unnamed spokeswoman for a body is the one the article introduces as its spokeswoman
    ("Chinese Foreign Ministry spokeswoman Hua Chunying spoke in Beijing on Friday. Later, a spokeswoman for "
     "China’s Foreign Ministry flatly dismissed the claim, saying media accounts “did not accord with the facts.”",
     "media accounts “did not accord with the facts.”", "Hua Chunying", "mixed"),
    # "the leader said" after a trailing clause: the person just named
    ("Kim Jong Un visited a factory on Monday. North Korea made progress in areas like textiles, the leader said.",
     "North Korea made progress in areas like textiles", "Kim Jong Un", "indirect"),
    # North Korea's state media is its news agency
    ('"We will strike back," North Korean state media said on Friday.', "We will strike back",
     "Korean Central News Agency", "direct"),
    # "it" said: the state the sentence before was about
    ("North Korea launched a satellite on Sunday. It said the satellite had entered orbit.",
     "the satellite had entered orbit", "North Korea", "indirect"),
    # the reporter's words around quoted ones make the quotation mixed
    ("Chinese Foreign Ministry spokeswoman Hua Chunying said it was \"irresponsible and unhelpful to blame others.\"",
     "it was \"irresponsible and unhelpful to blame others.\"", "Hua Chunying", "mixed"),
    # a statement or commentary speaks for the agency that released it; "read" tagged as a noun is still the cue
    ("“The army and people are unanimously demanding a response,” a statement released by the Korean Central News "
     "Agency read.", "The army and people are unanimously demanding a response", "Korean Central News Agency",
     "direct"),
    ("A commentary run by the state-run Xinhua news agency said: “Negotiations are the only viable solution.”",
     "Negotiations are the only viable solution.", "Xinhua", "direct"),
    # the name hung on a fronted phrase by the parse still speaks
    ("From Washington, Susan Rice, President Obama’s national security adviser, said that the launch “represents "
     "yet another destabilizing and provocative action.”", "the launch “represents yet another destabilizing and "
     "provocative action.”", "Susan Rice", "mixed"),
    # quoted words that carry on the reporter's sentence are mixed; a whole sentence of the speaker's is direct
    ("Japan's defence minister Itsunori Onodera warned that \"similar actions would continue\".",
     "similar actions would continue", "Itsunori Onodera", "mixed"),
    ("The missile was \"a show of force in response to the latest provocation,\" a South Korean official told CNN.",
     "a show of force in response to the latest provocation", "South Korea", "mixed"),
    # a double prime typed for a quote mark
    ("″North Korea thinks the path to dialogue will open,” Masao Okonogi, professor emeritus at Keio University, "
     "said by phone.", "North Korea thinks the path to dialogue will open", "Masao Okonogi", "direct"),
    # a ministry speaks as itself, named by its state and body, not as the state before it
    ("Seoul's defence ministry said both missiles were fired in Sunan close to the airport.",
     "both missiles were fired in Sunan close to the airport", "South Korean Defense Ministry", "indirect"),
    ("China’s Foreign Ministry said this morning it also opposed North Korea’s use of ballistic missiles.",
     "this morning it also opposed North Korea’s use of ballistic missiles", "Chinese Foreign Ministry", "indirect"),
    # a leader's government or administration is the state
    ("The Trump administration said it would impose new sanctions on the shipping firms.",
     "it would impose new sanctions on the shipping firms", "United States", "indirect"),
    ("Putin's government said the launch was a provocation.", "the launch was a provocation", "Russia", "indirect"),
    # "the statement said", "the report said": whoever issued the statement or report cited just before
    ("The launch succeeded, said a statement issued by the National Aerospace Development Administration. "
     "The country will launch more satellites in the future, the statement said.",
     "The country will launch more satellites in the future", "National Aerospace Development Administration",
     "indirect"),
    # a comma-set participle between the speaker and the cue, which the parse joined to the clause before
    ("Mr. Trump’s criticism of China came after the South Korean newspaper Chosun Ilbo, quoting anonymous sources, "
     "reported that American spy satellites had spotted 30 transfers of oil.",
     "American spy satellites had spotted 30 transfers of oil", "Chosun Ilbo", "indirect"),
    # "an official said" after "a South Korean official told CNN": the same side's official
    ('The South Korean missile was "a show of force in response to the latest provocation," a South Korean official '
     'told CNN. A second missile failed and "sank into the sea off the east coast," an official said.',
     "sank into the sea off the east coast", "South Korea", "mixed"),
    # the one who used two things to accuse, the parse having joined the second to the first
    ("Donald Trump spoke on Thursday. Word of it emerged after Mr. Trump used a post on Twitter and an interview "
     "to accuse China of letting oil flow into North Korea.", "China of letting oil flow into North Korea",
     "Donald Trump", "indirect"),
    # intelligence and assessments speak for the state that made them
    ("South Korean intelligence said the North had fired two missiles.", "the North had fired two missiles",
     "South Korea", "indirect"),
    # "his spokesman", "a statement by his spokesman": the person "his" refers to
    ('UN Secretary-General Antonio Guterres spoke on Friday. Guterres urged the leadership "to cease further '
     'testing and comply with the relevant resolutions," read a statement by his spokesman.',
     "to cease further testing and comply with the relevant resolutions", "Antonio Guterres", "mixed"),
]


@pytest.mark.parametrize(("text", "quote", "speaker", "kind"), WIRE)
def test_wire_copy_speakers(nlp, text, quote, speaker, kind):
    rows = [r for r in run(nlp, text) if r["quote"] == quote]
    assert rows, run(nlp, text)
    assert (rows[0]["speaker"], rows[0]["kind"]) == (speaker, kind)


def test_a_teaser_line_between_two_paragraphs_of_a_quotation_is_no_speaker(nlp):
    text = ("“This is a dangerous, reckless act,” Prime Minister Malcolm Turnbull said in an interview.\n"
            "“Nobody wants to see a war on the Korean Peninsula. If Kim Jong Un were to start a war, he would be "
            "signing a suicide note.\n"
            "American tourist Matthew Galat woken by sirens after North Korea launches missile\n"
            "“That would be the end for his government and thousands and thousands of people would die.”\n")
    rows = {r["quote"].split()[0]: r["speaker"] for r in run(nlp, text)}
    assert rows == {"This": "Malcolm Turnbull", "That": "Malcolm Turnbull"}

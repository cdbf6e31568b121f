//! Rules where grammar is certain: the word before can rule a reading out. After a
//! preposition comes a noun (في عمل "in work", not "he worked"); after لم a
//! jussive, after لن / أن / كي a subjunctive, after سوف an imperfect verb; after قد
//! a verb. The short stem of a hollow verb with no ending (يعد، يقل، ترد) is a
//! jussive: outside a jussive context the analyser weighs it down (see
//! [`crate::analyze::SHORT_FORM`]), and after لم that weight is taken back.
//!
//! The annotator asks [`Context::after`] for the word before each word (cheap: a
//! few bytes compared, no allocation), and only when the context is not
//! [`Context::Free`] re-ranks the word's analyses with [`Context::weight`], once
//! per spelling and context in a text.
//!
//! Two leans look at the word after too: before a definite noun, a word that opens
//! a sentence leans to a verb ([`Context::Opening`]), one inside a sentence to a
//! noun, the head of a construct pair ([`Context::Construct`]). Leans only break
//! near ties; the rules above overrule the frequency model.

/// What the word before allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Nothing known: the context-free ranking stands.
    Free,
    /// After a preposition (في، إلى، على، عن، مع، ...): a noun.
    Preposition,
    /// After من: "from" wants a noun, but "who" (مَن) a verb, so only a lean.
    Min,
    /// After لن, كي, سوف: an imperfect verb.
    Imperfect,
    /// After لم: an imperfect verb in the jussive, which may be a hollow verb's
    /// short stem (لم يقل "he did not say", لم يعد "no longer").
    Jussive,
    /// After أن: an imperfect verb when أن is "to", but أنّ "that" takes a noun,
    /// so a lean that still decides between a verb and a noun of the same letters.
    An,
    /// After قد: a verb, perfect or imperfect.
    Verb,
    /// After a word that opens a clause (ثم، الذي، التي، عندما، كما، حيث، ما، لا,
    /// ...): a verb may follow as well as a noun, so nothing is leant on, and the
    /// word is no construct head (see [`Context::Construct`]).
    Clause,
    /// After a number, written in digits (20 عاما) or in words (عشرين، مئة، ألف): the
    /// counted noun, so a lean against an adjective or a verb of the same letters
    /// (عاما "years", not "general").
    Number,
    /// A word that opens a sentence, before a definite noun: news prose opens with
    /// the verb (طالب المتظاهرون "the demonstrators demanded"), so a lean to a verb.
    Opening,
    /// A word inside a sentence, after a content word, before a definite noun: the
    /// head of a construct (أدان المجلس قتل المدنيين "the killing of"), so a lean
    /// to a noun.
    Construct,
}

/// Whether a word carries the article (ال + at least two letters), the relative
/// pronouns and الآن aside: the second word of a construct pair.
pub fn is_definite(word: &str) -> bool {
    word.starts_with("ال")
        && word.chars().filter(|&c| !crate::normalize::is_ignorable_mark(c)).count() > 3
        && !matches!(word, "الذي" | "التي" | "الذين" | "اللذين" | "اللتين" | "اللذان" | "اللتان" | "اللاتي" | "الآن" | "الان")
}

/// Log-weight against a reading grammar rules out: more than the usual-sense table
/// gives (see [`crate::senses::USUAL_SENSE`]).
const RULED_OUT: f32 = -20.0;
/// Log-weight against a reading the context speaks against without ruling it out.
const UNLIKELY: f32 = -3.0;

impl Context {
    /// The context a word sets for the next one, from how it is written (marks
    /// ignored; a conjunction و or ف written on it is allowed: وفي، ولم).
    pub fn after(word: &str) -> Context {
        // Function words are short: anything longer sets no context.
        if word.len() > 16 {
            return Context::Free;
        }
        let mut buf = [0u8; 8];
        let Some(spelt) = crate::normalize::spelling_into(word, &mut buf) else { return Context::Free };
        match Context::of_spelling(spelt) {
            Context::Free if spelt.len() > 2 && matches!(spelt[0], b'w' | b'f') => Context::of_spelling(&spelt[1..]),
            c => c,
        }
    }

    /// The context set by a function word spelt so (Buckwalter letters, hamza kept).
    fn of_spelling(spelt: &[u8]) -> Context {
        match spelt {
            // prepositions and words used as prepositions before a noun
            b"fy" | b"<lY" | b"<ly" | b"AlY" | b"Aly" | b"ElY" | b"Ely" | b"En" | b"mE" | b"Dd" | b"ldY" | b"ldy" | b"nHw" | b"Ebr"
            | b"Hwl" | b"dwn" | b"xlAl" | b">mAm" | b"AmAm" | b"tHt" | b"fwq" | b"End" | b"byn" | b"<vr" | b"Avr" | b"wsT"
            | b"Dmn" | b"bsbb" | b"jrA'" => Context::Preposition,
            b"mn" => Context::Min,
            b"lm" => Context::Jussive,
            b"ln" | b"ky" | b"lky" | b"swf" => Context::Imperfect,
            b">n" | b"An" => Context::An,
            b"qd" | b"lqd" => Context::Verb,
            // numbers: the tens, hundreds, thousands, millions, and three to ten
            b"E$ryn" | b"E$rwn" | b"vlAvyn" | b"vlAvwn" | b">rbEyn" | b">rbEwn" | b"ArbEyn" | b"ArbEwn" | b"xmsyn" | b"xmswn" | b"styn"
            | b"stwn" | b"sbEyn" | b"sbEwn" | b"vmAnyn" | b"vmAnwn" | b"tsEyn" | b"tsEwn" | b"m}p" | b"mA}p" | b"m}tA" | b"m}ty"
            | b">lf" | b"Alf" | b"mlywn" | b"mlAyyn" | b"mlyAr" | b"vlAvp" | b"vlAv" | b">rbEp" | b"ArbEp"
            | b"xmsp" | b"stp" | b"sbEp" | b"vmAnyp" | b"tsEp" | b"E$rp" | b"E$r" => Context::Number,
            b"vm" | b"Al*y" | b"Alty" | b"Al*yn" | b"EndmA" | b"Hyn" | b"HynmA" | b"kmA" | b"Hyv" | b"lmA" | b"bEdmA" | b"mA"
            | b"lA" | b"<*" | b"A*" | b"<*A" | b"A*A" | b"bynmA" | b"klmA" | b"hl" | b"lkn" | b"bl" => Context::Clause,
            _ => Context::Free,
        }
    }

    /// Whether this context re-ranks a word's readings at all.
    pub fn ranks(self) -> bool {
        !matches!(self, Context::Free | Context::Clause)
    }

    /// The weight this context gives a reading of stem class `class` (see
    /// [`crate::lexicon::class_of`]: 0 nominal, 1 perfect, 2 imperfect, 3
    /// imperative verb, 4 function word).
    pub fn weight(self, class: u8) -> f32 {
        let verb = matches!(class, 1..=3);
        match self {
            Context::Free => 0.0,
            Context::Preposition if verb => RULED_OUT,
            Context::Min if verb => UNLIKELY,
            Context::Imperfect | Context::Jussive if class != 2 => RULED_OUT,
            Context::An if class != 2 => UNLIKELY,
            Context::Verb if !verb => RULED_OUT,
            Context::Opening if class == 0 => UNLIKELY,
            Context::Construct | Context::Number if verb => UNLIKELY,
            _ => 0.0,
        }
    }
}

impl Context {
    /// The weight this context gives an adjective (on top of [`Context::weight`] for
    /// its class): after a number the counted noun is wanted, not an adjective.
    pub fn adjective_weight(self) -> f32 {
        if self == Context::Number { UNLIKELY } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_set_their_context() {
        assert_eq!(Context::after("في"), Context::Preposition);
        assert_eq!(Context::after("وفي"), Context::Preposition);
        assert_eq!(Context::after("إلى"), Context::Preposition);
        assert_eq!(Context::after("الى"), Context::Preposition);
        assert_eq!(Context::after("لَمْ"), Context::Jussive);
        assert!(Context::Jussive.weight(1) < 0.0 && Context::Jussive.weight(2) == 0.0);
        assert_eq!(Context::after("ولن"), Context::Imperfect);
        assert_eq!(Context::after("أن"), Context::An);
        assert_eq!(Context::after("إن"), Context::Free);
        assert_eq!(Context::after("قد"), Context::Verb);
        assert_eq!(Context::after("وزير"), Context::Free);
        assert_eq!(Context::after("الذي"), Context::Clause);
        assert!(is_definite("المدنيين") && !is_definite("الذي") && !is_definite("ال") && !is_definite("قتل"));
        assert_eq!(Context::after("الاستراتيجيات"), Context::Free);
        assert_eq!(Context::after("عشرين"), Context::Number);
        assert_eq!(Context::after("وثلاثين"), Context::Number);
        assert_eq!(Context::after("مئة"), Context::Number);
        assert!(Context::Number.adjective_weight() < 0.0 && Context::Free.adjective_weight() == 0.0);
        assert_eq!(Context::Preposition.weight(0), 0.0);
        assert!(Context::Preposition.weight(1) < 0.0);
        assert!(Context::Imperfect.weight(1) < 0.0 && Context::Imperfect.weight(2) == 0.0);
    }
}

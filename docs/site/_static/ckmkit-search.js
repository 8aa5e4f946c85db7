// Sphinx 9.0's Chinese search data asks for a ChineseStemmer it does not define (a
// ReferenceError that stops search). Stand in with its English stemmer, which it does
// define; a Sphinx that ships ChineseStemmer is left alone.
if (typeof window.ChineseStemmer === "undefined") {
  window.ChineseStemmer = function () { return new EnglishStemmer(); };
}

// Package classroom serves the lesson track over SSH: every student who
// connects (`ssh -p 2222 HOST`) gets a lab of their own — the lesson screen
// with its own simulated cluster and their own saved progress — while the
// teacher watches a live roster.
//
// The server is charm.land/wish with its Bubble Tea middleware. It offers
// nothing but the lab: no shell, no commands, no port forwarding, no file
// transfer. Students are told apart by SSH user name and public-key
// fingerprint (a student without a key is known by name alone), and their
// progress is saved under the teacher's config directory with the lessons
// package's atomic writes. A session's cluster runs only while its student
// is looking: the clock stops when the terminal loses focus or after a while
// with no input, and starts again with the next key. A student's crash,
// disconnect or idle timeout ends that session only.
package classroom

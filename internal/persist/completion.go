package persist

// Completions are the words shell completion offers (kefu completion): names and ids read
// from the database, each id with a short description.
type Completions struct {
	Staff     []string
	Customers []string
	Kinds     []string
	Rules     []string
	// Tickets are the tickets not yet closed, newest first: "12\t快递三天未更新".
	Tickets []string
	// Pending are the score entries awaiting a supervisor: "5\t张伟 slow-reply".
	Pending []string
}

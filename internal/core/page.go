package core

// countPage is the number of all rows a list matched: the rows read when no limit cut them,
// else the count query's answer (run only when the page is full, so short lists cost nothing).
func countPage(read, limit int, count func() (int, error)) (int, error) {
	if limit <= 0 || read < limit {
		return read, nil
	}
	return count()
}

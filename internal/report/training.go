package report

// Training is the monthly report's training section: the sessions held in the month, how
// many of the required attendances happened, and the assessment results.
type Training struct {
	Definition string `json:"definition"`
	Sessions   int    `json:"sessions"`
	// Attendance: attended ÷ required, counted per session and required person.
	Attendance   Rate     `json:"attendance"`
	Results      int      `json:"results"`
	AverageScore *float64 `json:"average_score"`
}

// TrainingDefinition says how Training is counted.
const TrainingDefinition = "sessions held in the month (by their day); attendance: of each session's required people " +
	"(its team, or all active staff, hired by its day), the share recorded as attending; average score: mean of the " +
	"results recorded for those sessions (0-100)"

// TemplateUse is how many replies in the period used a reply template.
type TemplateUse struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	Uses int    `json:"uses"`
}

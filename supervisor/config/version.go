package config

// SupervisorVersion is the version gosupervisord reports: supervisord -v
// prints it and supervisor.getSupervisorVersion returns it. It is 4.2.5's
// version on purpose, because clients parse it (for example Datadog's
// supervisord check) and gosupervisord implements 4.2.5's behaviour.
const SupervisorVersion = "4.2.5"

package cli

import (
	"errors"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/remind"
)

// configKeys are the keys a config file may hold, each with its check of a value. A key kefu
// does not read is a typo that would otherwise be ignored silently (issue 16).
var configKeys = map[string]func(string) error{
	"db":     nil,
	"user":   nil,
	"format": oneOf("table", "json", "csv", "md", "text", "xlsx", "html"),
	"no-color": func(s string) error {
		_, err := parseBool(s)
		return err
	},
	"lang": func(s string) error {
		if _, ok := i18n.Parse(s); !ok {
			return errs.Invalidf("unknown language %q: use %s", s, strings.Join(i18n.Langs, ", "))
		}
		return nil
	},
	"notify.url":     nil,
	"notify.secret":  nil,
	"notify.format":  oneOf(remind.NotifyFormats...),
	"notify.timeout": configDuration,
	"notify.backoff": configDuration,
	"notify.retries": func(s string) error {
		if n, err := strconv.Atoi(s); err != nil || n < 0 || n > 10 {
			return errs.Invalidf("%q is not a number from 0 to 10", s)
		}
		return nil
	},
	"mail.smtp":          nil,
	"mail.smtp_password": nil,
	"mail.sendmail":      nil,
	"mail.imap_password": nil,
	"csv.bom":            oneOf("auto", "always", "never"),
}

func oneOf(values ...string) func(string) error {
	return func(s string) error {
		if !slices.Contains(values, strings.ToLower(s)) {
			return errs.Invalidf("%q is not one of %s", s, strings.Join(values, ", "))
		}
		return nil
	}
}

func configDuration(s string) error {
	if d, err := time.ParseDuration(s); err != nil || d <= 0 {
		return errs.Invalidf("%q is not a duration such as 10s", s)
	}
	return nil
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "1":
		return true, nil
	case "false", "no", "off", "0":
		return false, nil
	}
	return false, errs.Invalidf("%q is not true or false", s)
}

// checkConfig validates a config file's YAML: every key known, every value acceptable. The
// error names the file and the line.
func checkConfig(path string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return errs.Invalidf("config file %s: %v", path, err)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	return checkMapping(path, "", doc.Content[0])
}

func checkMapping(path, prefix string, n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		return errs.Invalidf("config %s line %d: expected keys and values (key: value)", path, n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := prefix + k.Value
		if v.Kind == yaml.MappingNode && hasPrefixKey(key+".") {
			if err := checkMapping(path, key+".", v); err != nil {
				return err
			}
			continue
		}
		check, known := configKeys[key]
		if !known {
			return errs.Invalidf("config %s line %d: unknown key %s; known keys: %s", path, k.Line, key, strings.Join(knownConfigKeys(), ", "))
		}
		if v.Kind != yaml.ScalarNode {
			return errs.Invalidf("config %s line %d: %s takes one value", path, v.Line, key)
		}
		if check == nil || v.Tag == "!!null" {
			continue
		}
		if err := check(v.Value); err != nil {
			return errs.Invalidf("config %s line %d: %s: %v", path, v.Line, key, err)
		}
	}
	return nil
}

func hasPrefixKey(prefix string) bool {
	for k := range configKeys {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func knownConfigKeys() []string {
	keys := make([]string, 0, len(configKeys))
	for k := range configKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// readConfig is the one config reader, read once before the command tree is built: the
// KEFU_* environment and the config file (--config, else KEFU_CONFIG, else the default place).
// configFile is --config as found on the command line before the tree existed.
func (a *App) readConfig(configFile string) (*viper.Viper, error) {
	v := viper.New()
	v.SetEnvPrefix("KEFU")
	for key, env := range map[string]string{"db": "KEFU_DB", "user": "KEFU_USER", "format": "KEFU_FORMAT", "no-color": "KEFU_NO_COLOR", "lang": "KEFU_LANG"} {
		// Read through Getenv so tests and embedding callers control the environment.
		if val := a.Getenv(env); val != "" {
			v.Set(key, val)
		}
	}
	path, explicit := configFile, configFile != ""
	if !explicit {
		path = a.Getenv("KEFU_CONFIG")
		explicit = path != ""
	}
	if !explicit {
		path = defaultConfigPath(a.Getenv)
	}
	v.SetConfigType("yaml")
	data, err := os.ReadFile(path)
	var pathErr *os.PathError
	switch {
	case err == nil:
	case errors.As(err, &pathErr) && !explicit:
		// No config file at the default place is normal.
		return v, nil
	case errors.As(err, &pathErr) && errors.Is(err, os.ErrNotExist):
		return v, errs.Invalidf("config file %s not found", path)
	default:
		return v, errs.Invalidf("config file %s: %v", path, err)
	}
	if err := checkConfig(path, data); err != nil {
		return v, err
	}
	if err := v.ReadConfig(strings.NewReader(string(data))); err != nil {
		return v, errs.Invalidf("config file %s: %v", path, err)
	}
	return v, nil
}

// preScan finds the global flags that must be known before the command tree is built
// (--config and --lang) in the raw arguments.
func preScan(args []string) (config, lang string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		for _, name := range []string{"config", "lang"} {
			var val string
			switch {
			case a == "--"+name && i+1 < len(args):
				val = args[i+1]
			case strings.HasPrefix(a, "--"+name+"="):
				val = strings.TrimPrefix(a, "--"+name+"=")
			default:
				continue
			}
			if name == "config" {
				config = val
			} else {
				lang = val
			}
		}
	}
	return config, lang
}

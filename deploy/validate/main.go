// Command validate reads the multi-document YAML that `helm template` prints (stdin) and decodes every document
// strictly into the typed Go structs of the API it declares: k8s.io/api for Kubernetes' own kinds, KEDA's
// v1alpha1 for ScaledObject, the Prometheus Operator's monitoring/v1 for ServiceMonitor and PrometheusRule.
// A field the type does not have, a value of the wrong type or an unknown apiVersion/kind is an error: this is
// what kubeconform would check with the APIs' JSON schemas, offline. With -rules DIR, the groups of every
// PrometheusRule are written to DIR/<name>.yml for `promtool check rules`. The query of a mongodb trigger is read
// as KEDA reads it (extended JSON, canonical).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	kedav1alpha1 "github.com/kedacore/keda/v2/apis/keda/v1alpha1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"go.mongodb.org/mongo-driver/bson"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

func newObject(apiVersion, kind string) (any, error) {
	switch apiVersion + "/" + kind {
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, nil
	case "v1/Service":
		return &corev1.Service{}, nil
	case "v1/Secret":
		return &corev1.Secret{}, nil
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, nil
	case "v1/ServiceAccount":
		return &corev1.ServiceAccount{}, nil
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, nil
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, nil
	case "keda.sh/v1alpha1/ScaledObject":
		return &kedav1alpha1.ScaledObject{}, nil
	case "keda.sh/v1alpha1/TriggerAuthentication":
		return &kedav1alpha1.TriggerAuthentication{}, nil
	case "monitoring.coreos.com/v1/ServiceMonitor":
		return &monitoringv1.ServiceMonitor{}, nil
	case "monitoring.coreos.com/v1/PrometheusRule":
		return &monitoringv1.PrometheusRule{}, nil
	}
	return nil, fmt.Errorf("no schema known for apiVersion %q kind %q", apiVersion, kind)
}

// splitDocuments cuts a YAML stream at its `---` lines.
func splitDocuments(r io.Reader) ([]string, error) {
	var docs []string
	var cur strings.Builder
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "---") && strings.TrimSpace(strings.TrimPrefix(line, "---")) == "" {
			docs = append(docs, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	docs = append(docs, cur.String())
	return docs, sc.Err()
}

func main() {
	rulesDir := flag.String("rules", "", "write each PrometheusRule's spec (its groups) to this directory")
	flag.Parse()
	docs, err := splitDocuments(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	failed, checked := 0, 0
	for _, doc := range docs {
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		name, err := check(doc, *rulesDir)
		checked++
		if err != nil {
			failed++
			fmt.Fprintf(os.Stderr, "INVALID %s: %v\n", name, err)
			continue
		}
		fmt.Printf("valid %s\n", name)
	}
	fmt.Printf("%d objects, %d invalid\n", checked, failed)
	if failed > 0 || checked == 0 {
		os.Exit(1)
	}
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, l := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func check(doc, rulesDir string) (string, error) {
	// YAML to JSON first (sigs.k8s.io/yaml refuses duplicate keys), then a strict JSON decode into the type
	js, err := yaml.YAMLToJSONStrict([]byte(doc))
	if err != nil {
		return "?", err
	}
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(js, &meta); err != nil {
		return "?", err
	}
	name := fmt.Sprintf("%s/%s %s", meta.APIVersion, meta.Kind, meta.Metadata.Name)
	if meta.Metadata.Name == "" {
		return name, errors.New("metadata.name is empty")
	}
	obj, err := newObject(meta.APIVersion, meta.Kind)
	if err != nil {
		return name, err
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(obj); err != nil {
		return name, err
	}
	if so, ok := obj.(*kedav1alpha1.ScaledObject); ok {
		// KEDA's MongoDB scaler reads its query so (pkg/scalers/mongo_scaler.go, json2BsonDoc)
		for _, t := range so.Spec.Triggers {
			if t.Type != "mongodb" {
				continue
			}
			var doc bson.D
			if err := bson.UnmarshalExtJSON([]byte(t.Metadata["query"]), true, &doc); err != nil {
				return name, fmt.Errorf("the mongodb trigger's query, read as KEDA reads it: %w", err)
			}
		}
	}
	if rule, ok := obj.(*monitoringv1.PrometheusRule); ok && rulesDir != "" {
		out, err := yaml.Marshal(rule.Spec)
		if err != nil {
			return name, err
		}
		if err := os.WriteFile(filepath.Join(rulesDir, meta.Metadata.Name+".yml"), out, 0o644); err != nil {
			return name, err
		}
	}
	return name, nil
}

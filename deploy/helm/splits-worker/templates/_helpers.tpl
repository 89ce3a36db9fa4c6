{{- define "splits-worker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "splits-worker.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "splits-worker.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "splits-worker.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* the labels of one component of the release (dict "root" . "component" "worker"): its pods are selected by these */}}
{{- define "splits-worker.componentSelectorLabels" -}}
app.kubernetes.io/name: {{ include "splits-worker.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "splits-worker.componentLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{ include "splits-worker.componentSelectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{- define "splits-worker.selectorLabels" -}}
{{ include "splits-worker.componentSelectorLabels" (dict "root" . "component" "worker") }}
{{- end -}}

{{- define "splits-worker.labels" -}}
{{ include "splits-worker.componentLabels" (dict "root" . "component" "worker") }}
{{- end -}}

{{- define "splits-worker.webhookSelectorLabels" -}}
{{ include "splits-worker.componentSelectorLabels" (dict "root" . "component" "webhook") }}
{{- end -}}

{{- define "splits-worker.webhookLabels" -}}
{{ include "splits-worker.componentLabels" (dict "root" . "component" "webhook") }}
{{- end -}}

{{- define "splits-worker.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "splits-worker.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "splits-worker.secretName" -}}
{{- default (include "splits-worker.fullname" .) .Values.secret.existingSecret -}}
{{- end -}}

{{/* METRICS_PORT as the worker reads it (default 9464) */}}
{{- define "splits-worker.metricsPort" -}}
{{- get .Values.config "METRICS_PORT" | default 9464 | int -}}
{{- end -}}

{{/* WORKER_GRACE_SECONDS (default 60) plus the margin */}}
{{- define "splits-worker.terminationGracePeriodSeconds" -}}
{{- add (get .Values.config "WORKER_GRACE_SECONDS" | default 60 | int) (.Values.terminationGraceMarginSeconds | int) -}}
{{- end -}}

{{/* "true" when the ServiceMonitor and PrometheusRule are rendered */}}
{{- define "splits-worker.monitoring" -}}
{{- $m := .Values.monitoring.enabled -}}
{{- if eq (toString $m) "auto" -}}
{{- .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" -}}
{{- else -}}
{{- eq (toString $m) "true" -}}
{{- end -}}
{{- end -}}

{{/* refusals: values the chart cannot honour */}}
{{- define "splits-worker.validate" -}}
{{- range $k := list "HF_TOKEN" "MONGO_URL" -}}
{{- if hasKey $.Values.config $k -}}
{{- fail (printf "config.%s: a secret; set secret.* or secret.existingSecret instead" $k) -}}
{{- end -}}
{{- end -}}
{{- if and (hasKey .Values.config "METRICS_ENABLED") (eq (toString (get .Values.config "METRICS_ENABLED")) "false") -}}
{{- fail "config.METRICS_ENABLED=false: the probes, the Service and the scaling need /healthz, /readyz and /metrics" -}}
{{- end -}}
{{- if and (not .Values.secret.existingSecret) (not .Values.secret.create) -}}
{{- fail "secret: set secret.create=true (with secret.mongoUrl) or secret.existingSecret" -}}
{{- end -}}
{{- if and .Values.secret.create (not .Values.secret.existingSecret) (not .Values.secret.mongoUrl) -}}
{{- fail "secret.mongoUrl is empty" -}}
{{- end -}}
{{- if and .Values.webhook.enabled .Values.secret.create (not .Values.secret.existingSecret) (not .Values.secret.webhookSecret) -}}
{{- fail "webhook.enabled: set secret.webhookSecret (the receiver refuses to start without WEBHOOK_SECRET), or secret.existingSecret with it under secret.keys.webhookSecret" -}}
{{- end -}}
{{- end -}}

{{/* KEDA's count of due, unlocked splits jobs; the same text is in docs/deployment.md (test/deploy/helm.helm-test.ts) */}}
{{- define "splits-worker.kedaQuery" -}}
{"name":"splits","nextRunAt":{"$ne":null},"lockedAt":null,"disabled":{"$ne":true},"$expr":{"$lte":["$nextRunAt","$$NOW"]}}
{{- end -}}

{{/* a configuration value as the worker reads it: YAML numbers reach templates as float64, whose default
     printing turns 104857600 into 1.048576e+08 */}}
{{- define "splits-worker.envValue" -}}
{{- if and (kindIs "float64" .) (eq . (float64 (int64 .))) -}}
{{- int64 . | toString -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end -}}

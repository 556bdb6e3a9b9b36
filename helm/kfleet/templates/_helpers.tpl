{{/*
The chart's name, or nameOverride.
*/}}
{{- define "kfleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every resource name: fullnameOverride, else "<release>-<name>" (only the
release when it already contains the name). Truncated to 63 characters (DNS labels).
*/}}
{{- define "kfleet.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Names of the two components' resources.
*/}}
{{- define "kfleet.server.fullname" -}}
{{- printf "%s-server" (include "kfleet.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kfleet.agent.fullname" -}}
{{- printf "%s-agent" (include "kfleet.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "kfleet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: name, instance and component only, so that they never change between
upgrades (a Deployment's or DaemonSet's selector is immutable).
Usage: include "kfleet.selectorLabels" (dict "context" . "component" "server")
*/}}
{{- define "kfleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kfleet.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Labels of every resource: the selector labels, version, chart, managed-by, part-of and
commonLabels. Without a component (shared resources) the component label is left out.
Usage: include "kfleet.labels" (dict "context" . "component" "server")
*/}}
{{- define "kfleet.labels" -}}
helm.sh/chart: {{ include "kfleet.chart" .context }}
{{- if .component }}
{{ include "kfleet.selectorLabels" . }}
{{- else }}
app.kubernetes.io/name: {{ include "kfleet.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- end }}
{{- with .context.Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/part-of: kfleet
{{- with .context.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
ServiceAccount names.
*/}}
{{- define "kfleet.server.serviceAccountName" -}}
{{- if .Values.server.serviceAccount.create }}
{{- default (include "kfleet.server.fullname" .) .Values.server.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.server.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kfleet.agent.serviceAccountName" -}}
{{- if .Values.agent.serviceAccount.create }}
{{- default (include "kfleet.agent.fullname" .) .Values.agent.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.agent.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
An image reference: [registry/]repository, then @digest if set, else :tag (default: the
chart's appVersion).
Usage: include "kfleet.image" (dict "image" .Values.image.server "context" .)
*/}}
{{- define "kfleet.image" -}}
{{- $registry := .context.Values.image.registry | trimSuffix "/" }}
{{- $repository := required "image.<component>.repository is required" .image.repository }}
{{- $name := ternary $repository (printf "%s/%s" $registry $repository) (empty $registry) }}
{{- if .image.digest }}
{{- printf "%s@%s" $name .image.digest }}
{{- else }}
{{- printf "%s:%s" $name (default .context.Chart.AppVersion .image.tag | toString) }}
{{- end }}
{{- end }}

{{/*
The URL the agents report to: agent.server, else this release's Service.
*/}}
{{- define "kfleet.agent.serverUrl" -}}
{{- if .Values.agent.server }}
{{- .Values.agent.server }}
{{- else if .Values.server.enabled }}
{{- printf "http://%s.%s.svc:%v" (include "kfleet.server.fullname" .) .Release.Namespace .Values.server.service.port }}
{{- else }}
{{- fail "agent.server is required when server.enabled is false: the agents need the URL of a kfleet service" }}
{{- end }}
{{- end }}

{{/*
Whether the agent runs as root: to apply actions (privileged) or to scan other processes.
Returns "true" or "".
*/}}
{{- define "kfleet.agent.runsAsRoot" -}}
{{- if or .Values.agent.applyActions .Values.agent.scanProcesses }}true{{ end }}
{{- end }}

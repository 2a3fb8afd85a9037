{{/*
Names and labels. Every object is <release>-<component>; selectors use name, instance and
component only, so that an upgrade that changes the version label keeps matching its pods.
*/}}
{{- define "hall.fullname" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "hall.componentName" -}}
{{- printf "%s-%s" (include "hall.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hall.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: hall
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "hall.selectorLabels" . }}
{{- end -}}

{{- define "hall.selectorLabels" -}}
app.kubernetes.io/name: hall
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Every pod of this release, whatever its component (the default-deny policy). */}}
{{- define "hall.releaseSelector" -}}
app.kubernetes.io/name: hall
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
A component's settings: `defaults` with the component's own entry merged over them, as YAML.
Use: $c := include "hall.component" (dict "root" $ "name" $name) | fromYaml
*/}}
{{- define "hall.component" -}}
{{- $own := get .root.Values.components .name -}}
{{- mergeOverwrite (deepCopy .root.Values.defaults) (deepCopy $own) | toYaml -}}
{{- end -}}

{{- define "hall.image" -}}
{{- $image := .c.image | default dict -}}
{{- $global := .root.Values.global.image -}}
{{- $repository := $image.repository | default (printf "hall/%s" .name) -}}
{{- $tag := $image.tag | default $global.tag | default .root.Chart.AppVersion -}}
{{- if $global.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $global.registry) $repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "hall.publicUrl" -}}
{{- printf "%s://%s" .Values.global.scheme .Values.global.hosts.portal -}}
{{- end -}}

{{/*
The non-secret environment of a component, as a YAML map (the ConfigMap's data and the
migrations Job's env). The component's `env` comes last and wins.
*/}}
{{- define "hall.plainEnv" -}}
{{- $root := .root -}}
{{- $c := .c -}}
{{- $env := dict "NODE_ENV" "production" "HOST" "0.0.0.0" -}}
{{- if eq $c.kind "service" -}}
{{- $_ := set $env (printf "%s_PORT" (upper .name)) (toString $c.port) -}}
{{- $_ := set $env "LOG_LEVEL" $root.Values.global.logLevel -}}
{{- $_ := set $env "DATABASE_APP_ROLE" $root.Values.postgres.appRole -}}
{{- $_ := set $env "BUS_NAMESPACE" $root.Values.nats.busNamespace -}}
{{- $_ := set $env "BUS_STREAM_REPLICAS" (toString $root.Values.nats.streamReplicas) -}}
{{- if not $root.Values.nats.urlSecret.name -}}
{{- $_ := set $env "NATS_URL" $root.Values.nats.url -}}
{{- end -}}
{{- if has "identity" $c.calls -}}
{{- $identity := get $root.Values.components "identity" -}}
{{- $_ := set $env "IDENTITY_JWKS_URL" (printf "http://%s:%v/.well-known/jwks.json" (include "hall.componentName" (dict "root" $root "name" "identity")) $identity.port) -}}
{{- end -}}
{{- if eq .name "materials" -}}
{{- $_ := set $env "MATERIALS_BUCKET_REPLICAS" (toString $root.Values.nats.streamReplicas) -}}
{{- end -}}
{{- if eq .name "submissions" -}}
{{- $_ := set $env "PORTAL_PUBLIC_URL" (include "hall.publicUrl" $root) -}}
{{- end -}}
{{- if $root.Values.global.otlpEndpoint -}}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_ENDPOINT" $root.Values.global.otlpEndpoint -}}
{{- $_ := set $env "OTEL_SERVICE_NAME" .name -}}
{{- end -}}
{{- range $c.secretFiles -}}
{{- $secret := get $root.Values.secrets .secret -}}
{{- $_ := set $env .env (printf "%s/%s" .mountPath $secret.key) -}}
{{- end -}}
{{- else -}}
{{- $_ := set $env "PORT" (toString $c.port) -}}
{{- range $c.calls -}}
{{- $callee := get $root.Values.components . -}}
{{- $_ := set $env (printf "%s_URL" (upper .)) (printf "http://%s:%v" (include "hall.componentName" (dict "root" $root "name" .)) $callee.port) -}}
{{- end -}}
{{- if $root.Values.ingress.enabled -}}
{{/* Several public hosts (station hosts) reach the portal: the origin comes from the ingress. */}}
{{- $_ := set $env "PROTOCOL_HEADER" "x-forwarded-proto" -}}
{{- $_ := set $env "HOST_HEADER" "x-forwarded-host" -}}
{{- $_ := set $env "ADDRESS_HEADER" "x-forwarded-for" -}}
{{- $_ := set $env "XFF_DEPTH" (toString $root.Values.ingress.xffDepth) -}}
{{- else -}}
{{- $_ := set $env "ORIGIN" (printf "%s://%s" $root.Values.global.scheme (get $root.Values.global.hosts .name)) -}}
{{- end -}}
{{- end -}}
{{- range $key, $value := $c.env -}}
{{- $_ := set $env $key (toString $value) -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}

{{- define "hall.secretKeyRef" -}}
valueFrom:
  secretKeyRef:
    name: {{ required "a Secret name is required (secrets, postgres, nats)" .name }}
    key: {{ required "a Secret key is required" .key }}
{{- end -}}

{{/* Environment read from existing Secrets: DATABASE_URL, NATS_URL, the component's secretEnv. */}}
{{- define "hall.secretEnv" -}}
{{- $root := .root -}}
{{- $c := .c -}}
{{- if eq $c.kind "service" }}
- name: DATABASE_URL
  {{- include "hall.secretKeyRef" (dict "name" $root.Values.postgres.urlSecret.name "key" (get $root.Values.postgres.urlSecret.keys .name | default .name)) | nindent 2 }}
{{- if $root.Values.nats.urlSecret.name }}
- name: NATS_URL
  {{- include "hall.secretKeyRef" $root.Values.nats.urlSecret | nindent 2 }}
{{- end }}
{{- end }}
{{- range $envName, $secretName := $c.secretEnv }}
{{- $secret := get $root.Values.secrets $secretName }}
{{- if not $secret }}
{{- fail (printf "components.%s.secretEnv.%s names %q, which is not in secrets" $.name $envName $secretName) }}
{{- end }}
- name: {{ $envName }}
  {{- include "hall.secretKeyRef" $secret | nindent 2 }}
{{- end }}
{{- if and (eq .name "identity") $root.Values.secrets.bootstrapOperator.name }}
{{- $operator := $root.Values.secrets.bootstrapOperator }}
- name: BOOTSTRAP_OPERATOR_USERNAME
  {{- include "hall.secretKeyRef" (dict "name" $operator.name "key" $operator.usernameKey) | nindent 2 }}
- name: BOOTSTRAP_OPERATOR_PASSWORD
  {{- include "hall.secretKeyRef" (dict "name" $operator.name "key" $operator.passwordKey) | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "hall.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- range .c.secretFiles }}
- name: {{ .secret | kebabcase }}
  mountPath: {{ .mountPath }}
  readOnly: true
{{- end }}
{{- end -}}

{{- define "hall.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .c.tmpSizeLimit }}
{{- range .c.secretFiles }}
{{- $secret := get $.root.Values.secrets .secret }}
- name: {{ .secret | kebabcase }}
  secret:
    secretName: {{ $secret.name }}
    defaultMode: 0440
    items:
      - key: {{ $secret.key }}
        path: {{ $secret.key }}
{{- end }}
{{- end -}}

{{- define "hall.podSpecCommon" -}}
automountServiceAccountToken: {{ .root.Values.serviceAccount.automountToken }}
securityContext:
  {{- toYaml .c.podSecurityContext | nindent 2 }}
{{- with .root.Values.global.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- with .c.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .c.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "hall.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
{{- range $key, $value := omit .probe "path" }}
{{ $key }}: {{ $value }}
{{- end }}
{{- end -}}

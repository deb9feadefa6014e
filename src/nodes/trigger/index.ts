/**
 * Trigger nodes (nodes.md §16). In a direct run a trigger is a pass-through entry node: no exec_in,
 * routing D, and its payload ports exist (so edges from them validate) but stay null, because only a
 * trigger manager fills them before a run. Config keys are declared so that keys a trigger reads do
 * not raise D3 warnings (read from each class's property list at the snapshot).
 */
import type { NodeSpec } from '../types.js';

interface TriggerDef {
  readonly outputs: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
}

const TRIGGERS: Readonly<Record<string, TriggerDef>> = {
  ScheduleTriggerNode: {
    outputs: ['trigger_time', 'run_number', 'scheduled_time'],
    config: {
      frequency: 'daily', time_hour: 9, time_minute: 0, interval_seconds: 60, day_of_week: 'mon',
      day_of_month: 1, cron_expression: '0 9 * * *', timezone: 'UTC', max_runs: 0, start_time: '',
    },
  },
  FileWatchTriggerNode: {
    outputs: ['file_path', 'file_name', 'event_type', 'directory', 'old_path'],
    config: {
      watch_path: '', patterns: '*', events: 'created,modified', recursive: true,
      ignore_patterns: '*.tmp,~*', debounce_ms: 500, include_hidden: false,
    },
  },
  WebhookTriggerNode: {
    outputs: ['payload', 'headers', 'query_params', 'method', 'path', 'client_ip'],
    config: {
      endpoint: '', methods: 'POST', auth_type: 'none', auth_header_name: 'X-API-Key',
      auth_header_value: '', basic_username: '', basic_password: '', jwt_secret: '',
      cors_enabled: false, cors_origins: '*', ip_whitelist: '', ip_blacklist: '',
      response_mode: 'immediate', response_code: 200, response_body: '{"status": "received"}',
      binary_data_enabled: false, max_payload_size: 16777216,
    },
  },
  EmailTriggerNode: {
    outputs: ['email', 'subject', 'sender', 'body', 'html_body', 'attachments', 'received_at'],
    config: {
      provider: 'imap', server: '', port: 993, username: '', password: '', use_ssl: true,
      folder: 'INBOX', filter_subject: '', filter_from: '', unread_only: true, mark_as_read: true,
      poll_interval_seconds: 60, download_attachments: false, attachment_dir: '',
    },
  },
  RSSFeedTriggerNode: {
    outputs: ['item', 'title', 'link', 'description', 'published', 'author', 'categories'],
    config: {
      feed_url: '', poll_interval_minutes: 15, filter_keywords: '', filter_mode: 'any',
      max_items_per_check: 10, include_description: true,
    },
  },
  SSETriggerNode: {
    outputs: ['event_type', 'data', 'raw_data', 'event_id', 'retry', 'timestamp'],
    config: {
      sse_url: '', event_types: '', headers: '{}', reconnect_delay_seconds: 5,
      max_reconnect_attempts: 10, timeout_seconds: 0,
    },
  },
  GmailTriggerNode: {
    outputs: [
      'message_id', 'thread_id', 'subject', 'from_email', 'from_name', 'to_email', 'date', 'snippet',
      'body_text', 'body_html', 'labels', 'has_attachments', 'attachments', 'raw_message',
    ],
    config: {
      credential_name: 'google', polling_interval: 60, label_ids: 'INBOX', query: 'is:unread',
      from_filter: '', subject_contains: '', mark_as_read: true, include_attachments: true,
      max_results: 10,
    },
  },
  SheetsTriggerNode: {
    outputs: [
      'spreadsheet_id', 'sheet_name', 'event_type', 'row_number', 'column', 'old_value', 'new_value',
      'row_data', 'row_dict', 'changed_cells', 'timestamp', 'raw_data',
    ],
    config: {
      credential_name: 'google', spreadsheet_id: '', sheet_name: 'Sheet1', range: '',
      polling_interval: 30, trigger_on_new_row: true, trigger_on_cell_change: true,
      trigger_on_delete: false, watch_columns: '', ignore_empty_rows: true,
    },
  },
  DriveTriggerNode: {
    outputs: [
      'file_id', 'file_name', 'mime_type', 'event_type', 'modified_time', 'size', 'parent_id',
      'parent_name', 'web_view_link', 'download_url', 'changed_by', 'raw_change',
    ],
    config: {
      credential_name: 'google', polling_interval: 60, folder_id: '', include_subfolders: true,
      event_types: 'created,modified', file_types: '', mime_types: '', name_pattern: '',
      ignore_own_changes: true,
    },
  },
  TelegramTriggerNode: {
    outputs: [
      'message_id', 'chat_id', 'user_id', 'username', 'first_name', 'text', 'is_command', 'command',
      'command_args', 'message_type', 'raw_update',
    ],
    config: {
      bot_token: '', credential_name: '', mode: 'auto', webhook_url: '', polling_interval: 2,
      filter_chat_ids: '', filter_user_ids: '', commands_only: false, filter_commands: '',
      allowed_updates: 'message',
    },
  },
  WhatsAppTriggerNode: {
    outputs: [
      'message_id', 'from_number', 'to_number', 'timestamp', 'text', 'message_type', 'media_id',
      'media_url', 'caption', 'contact_name', 'raw_message',
    ],
    config: {
      access_token: '', phone_number_id: '', credential_name: '', verify_token: '',
      webhook_path: '/whatsapp/webhook', filter_phone_numbers: '',
      message_types: 'text,image,document,audio,video,location', include_status_updates: false,
    },
  },
  ChatTriggerNode: {
    outputs: ['message', 'user_id', 'user_name', 'channel_id', 'platform', 'timestamp', 'reply_to'],
    config: {
      welcome_message: 'Hello! How can I help you?', input_placeholder: 'Type your message...',
      platform: 'web', channel_id: '', bot_token: '', message_pattern: '', allow_dm: true,
      allow_mentions: true,
    },
  },
  FormTriggerNode: {
    outputs: ['form_data', 'submitted_at', 'user_id', 'ip_address'],
    config: {
      form_title: 'Submit Data', form_description: '',
      form_fields: '[{"name": "data", "type": "text", "label": "Data", "required": true}]',
      submit_button_text: 'Submit', success_message: 'Form submitted successfully',
      require_auth: false,
    },
  },
  ErrorTriggerNode: {
    outputs: ['error', 'error_type', 'error_message', 'workflow_id', 'node_id', 'stack_trace', 'timestamp'],
    config: { error_types: '*', workflow_filter: '', severity: 'all', error_pattern: '', include_warnings: false },
  },
  AppEventTriggerNode: {
    outputs: ['event_data', 'event_type', 'window_title', 'process_name', 'url', 'timestamp'],
    config: {
      event_source: 'windows', window_event: 'focus', window_title_pattern: '', process_name: '',
      browser_event: 'tab_open', url_pattern: '', rpa_event: 'workflow_complete', custom_event_name: '',
    },
  },
  WorkflowCallTriggerNode: {
    outputs: ['params', 'caller_workflow_id', 'caller_node_id', 'call_id'],
    config: { call_alias: '', input_schema: '{}', output_schema: '{}', wait_for_completion: true, timeout_seconds: 300 },
  },
  CalendarTriggerNode: {
    outputs: [
      'event_id', 'calendar_id', 'summary', 'description', 'start', 'end', 'location', 'attendees',
      'event_type', 'minutes_until_start', 'organizer', 'html_link', 'status', 'created', 'updated',
    ],
    config: {
      credential_name: 'google', calendar_id: 'primary', trigger_on: 'upcoming', minutes_before: 15,
      polling_interval: 60, filter_summary: '', filter_attendees: '', include_all_day: true,
    },
  },
};

/** A direct run arms nothing: the trigger only passes control on (its payload stays empty). */
function passThrough(): void {}

/** Names of all trigger node types Casare knows. */
export const TRIGGER_TYPES: readonly string[] = Object.freeze(Object.keys(TRIGGERS));

export const specs: readonly NodeSpec[] = Object.freeze(
  Object.entries(TRIGGERS).map(([type, def]): NodeSpec => ({
    type,
    category: 'triggers',
    inputs: [],
    outputs: def.outputs,
    execIn: false,
    routing: 'D',
    config: def.config,
    run: passThrough,
  })),
);

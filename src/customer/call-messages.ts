// What the customer sees when a call does not connect (by the SIP status the edge answered with).
export function failureText(statusCode: number | undefined): string {
  switch (statusCode) {
    case 480: return 'Nobody could take your call right now. Please try again later.';
    case 486: case 600: return 'All our agents are busy. Please try again later.';
    case 404: return 'This call link is not valid.';
    case 487: return '';
    default: return statusCode && statusCode >= 500 ? 'The call could not be connected. Please try again.' : 'The call could not be connected.';
  }
}

export const PERMISSION_DENIED = 'Permission to use the microphone or camera was denied. Allow it in your browser (the icon in the address bar) and try again.';

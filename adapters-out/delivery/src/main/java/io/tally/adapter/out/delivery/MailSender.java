package io.tally.adapter.out.delivery;

import io.tally.application.port.out.NotificationSender;
import io.tally.domain.delivery.Delivery;
import jakarta.activation.DataHandler;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.util.Date;
import java.util.Properties;

/** Sends a notification as a mail through the configured SMTP server: the text, then each file as an attachment. */
final class MailSender {

    private final Deliveries.Smtp smtp;
    private final Session session;

    MailSender(Deliveries.Smtp smtp) {
        this.smtp = smtp;
        Properties properties = new Properties();
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", String.valueOf(smtp.port()));
        properties.put("mail.smtp.connectiontimeout", String.valueOf(smtp.timeout().toMillis()));
        properties.put("mail.smtp.timeout", String.valueOf(smtp.timeout().toMillis()));
        properties.put("mail.smtp.writetimeout", String.valueOf(smtp.timeout().toMillis()));
        properties.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
        properties.put("mail.smtp.starttls.required", String.valueOf(smtp.startTls()));
        boolean login = !smtp.username().isEmpty();
        properties.put("mail.smtp.auth", String.valueOf(login));
        this.session = Session.getInstance(properties, login ? new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(smtp.username(), smtp.password());
            }
        } : null);
    }

    void send(Delivery.Email email, NotificationSender.Notification notification) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(smtp.from()));
            for (String to : email.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            message.setSubject(notification.subject(), "UTF-8");
            message.setSentDate(new Date());
            message.setHeader("X-Tally-Delivery", notification.id());
            MimeMultipart parts = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText(notification.text(), "UTF-8");
            parts.addBodyPart(text);
            for (NotificationSender.Attachment file : notification.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.content(), file.contentType())));
                part.setFileName(file.name());
                parts.addBodyPart(part);
            }
            message.setContent(parts);
            Transport.send(message);
        } catch (MessagingException e) {
            throw new NotificationSender.DeliveryException("the mail could not be sent: " + e.getMessage(), e);
        }
    }
}
